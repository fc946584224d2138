"""The analyst notebooks: committed clean and thin, and they run end to end on a dataset."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from stances.codebook import load_codebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
# How many charts each notebook draws.
CHARTS = {
    "01-stance-overview.ipynb": 1,
    "02-stance-changes.ipynb": 3,
    "03-actor-topic-map.ipynb": 4,
    "05-review-and-reliability.ipynb": 1,
}
NOTEBOOKS = [NOTEBOOK_DIR / name for name in CHARTS]
# Codes a corpus folder (not a dataset) and writes into a folder of its own.
YOUR_CORPUS = NOTEBOOK_DIR / "04-your-corpus.ipynb"


def _code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def test_the_notebooks_are_the_numbered_four():
    expected = sorted([*CHARTS, YOUR_CORPUS.name])
    assert sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb")) == expected


@pytest.mark.parametrize("path", [*NOTEBOOKS, YOUR_CORPUS], ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in _code_cells(nb):
        assert cell.outputs == [], f"{path.name}: cell {cell.id} has outputs"
        assert cell.execution_count is None, f"{path.name}: cell {cell.id} has a count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_thin_with_a_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown", "starts by saying what it shows"
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    assert 'os.environ.get("STANCES_DATA_DIR", "../data")' in params[0].source
    for cell in _code_cells(nb):
        assert "def " not in cell.source, "logic lives in stances, not in notebooks"
        assert "class " not in cell.source, "logic lives in stances, not in notebooks"


@pytest.fixture
def kernel_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The `python3` kernelspec runs `python`: make that this venv's interpreter."""
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")


def execute(path: Path) -> nbformat.NotebookNode:
    """Run a notebook in a fresh python3 kernel from its own folder; return it with outputs."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=180,
        startup_timeout=120,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return nb


def assert_ran_cleanly(nb: nbformat.NotebookNode, name: str) -> None:
    outputs = [out for cell in _code_cells(nb) for out in cell.outputs]
    assert [o for o in outputs if o.output_type == "error"] == []
    stderr = "".join(o.text for o in outputs if o.get("name") == "stderr")
    assert "Warning" not in stderr, stderr
    charts = [o for o in outputs if PLOTLY_MIME in o.get("data", {})]
    assert len(charts) == CHARTS[name]
    for chart in charts:
        assert chart.data[PLOTLY_MIME]["data"], "each chart has traces"


@pytest.mark.notebook
@pytest.mark.parametrize("data", ["dataset_dir", "demo_dir"], ids=["fixture", "demo"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_a_dataset(path, data, request, kernel_env, monkeypatch):
    """On the small hand-made dataset and on the demo corpus coded from seeds/."""
    monkeypatch.setenv("STANCES_DATA_DIR", str(request.getfixturevalue(data)))
    nb = execute(path)
    assert_ran_cleanly(nb, path.name)


def test_your_corpus_notebook_is_thin_with_a_parameters_cell():
    nb = nbformat.read(YOUR_CORPUS, as_version=4)
    assert nb.cells[0].cell_type == "markdown"
    (params,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert 'os.environ.get("STANCES_CORPUS_DIR", "../seeds")' in params.source
    assert 'os.environ.get("STANCES_WORK_DIR", "../data/your-corpus")' in params.source
    for cell in _code_cells(nb):
        assert "def " not in cell.source, "logic lives in stances, not in notebooks"


@pytest.mark.notebook
def test_your_corpus_notebook_codes_a_folder_and_exports(tmp_path, kernel_env, monkeypatch):
    """On the demo corpus: a new actor and topic are coded, a chart and the networks written."""
    import networkx as nx

    monkeypatch.setenv("STANCES_CORPUS_DIR", str(ROOT / "seeds"))
    monkeypatch.setenv("STANCES_WORK_DIR", str(tmp_path))
    nb = execute(YOUR_CORPUS)
    outputs = [out for cell in _code_cells(nb) for out in cell.outputs]
    assert [o for o in outputs if o.output_type == "error"] == []
    stderr = "".join(o.text for o in outputs if o.get("name") == "stderr")
    assert "Warning" not in stderr, stderr
    stdout = "".join(o.text for o in outputs if o.get("name") == "stdout")
    assert "my-codebook.toml: 18 actors, 10 topics" in stdout
    assert stdout.count("=> kallas / ukraine_eu_membership / support") == 2
    assert len([o for o in outputs if PLOTLY_MIME in o.get("data", {})]) == 1
    assert (tmp_path / "timeline.html").stat().st_size < 200_000  # plotly.js is beside it
    assert (tmp_path / "plotly.min.js").is_file()
    actors = nx.read_graphml(tmp_path / "actors.graphml", force_multigraph=True)
    assert actors.number_of_edges() > 0
    assert nx.is_bipartite(nx.read_gexf(tmp_path / "actors-topics.gexf"))
    coded = pd.read_parquet(tmp_path / "dataset" / "statements.parquet")
    assert set(coded["codebook"]) == {load_codebook(tmp_path / "my-codebook.toml").label}
    assert len(coded) > 100
