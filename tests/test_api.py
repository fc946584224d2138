"""The top-level API: `import stances` gives every step, and the documented examples run."""

from __future__ import annotations

import doctest
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import stances

ROOT = Path(__file__).resolve().parents[1]
# The functions whose docstrings carry an example on the demo dataset.
WITH_EXAMPLES = [
    "code", "filter_statements", "article_stances", "shifts", "stance_series",
    "topic_salience", "source_breakdown", "actor_network", "actor_topic_network",
]  # fmt: skip
REQUIRED = ["read_dataset", "code", "article_stances", "shifts", "plot_timeline",
            "plot_shifts", "plot_heatmap", "plot_coverage", "plot_network"]  # fmt: skip


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a copy of seeds/, where the examples write data/ and other files."""
    folder = tmp_path_factory.mktemp("api")
    shutil.copytree(ROOT / "seeds", folder / "seeds", ignore=shutil.ignore_patterns("real"))
    stances.code(folder / "seeds", folder / "data")
    return folder


@pytest.mark.parametrize("name", REQUIRED)
def test_top_level_names_exist_with_docstrings(name):
    value = getattr(stances, name)
    assert callable(value)
    assert value.__doc__
    assert len(value.__doc__.split()) > 5
    assert name in stances.__all__
    assert name in dir(stances)


def test_code_takes_the_coder_by_name(tmp_path, monkeypatch):
    import stances.coder
    from stances.pairs import PairModel

    # a model that finds every candidate pair likely: the test is of the name, not the weights
    monkeypatch.setattr(stances.coder, "load_model", lambda: PairModel(5.0, {}))
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Witkoff was in Moscow on Thursday. Talks on a ceasefire in Ukraine resumed there the "
        "same day. Witkoff has made three trips to Russia this year. Zelensky said the "
        "minerals deal was fair.",
        encoding="utf-8",
    )
    rules = stances.code(folder, tmp_path / "rules").statements
    pairs = stances.code(folder, tmp_path / "pairs", coder="rules+pairs").statements
    assert set(rules["coder"]) == {"rules/2"}
    assert set(pairs["coder"]) == {"rules/2", "pairs/1"}
    assert len(pairs) > len(rules)


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = stances.nothing


def test_import_is_light():
    """`import stances` (and so `stances --version`) loads no pandas, plotly or networkx."""
    code = "import sys, stances; print(sorted({'pandas', 'plotly', 'networkx'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples_run(name, workdir, monkeypatch):
    monkeypatch.chdir(workdir)
    function = getattr(stances, name)
    tests = doctest.DocTestFinder().find(function, name, globs={})
    examples = [example for test in tests for example in test.examples]
    assert examples, f"{name} has no example"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in tests:
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_readme_examples_run(workdir, monkeypatch):
    monkeypatch.chdir(workdir)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    result = doctest.testfile(
        str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert result.attempted >= 10
    assert result.failed == 0
    assert "stances.write_network" in readme
    assert (workdir / "actors.graphml").is_file()


def test_no_code_or_test_cites_a_file_outside_the_repository():
    cited = re.compile(r"\b([A-Z][A-Z_]+\.md)\b")
    missing = set()
    for folder in ("stances", "tests", "notebooks"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".ipynb", ".toml") and path.is_file():
                for name in cited.findall(path.read_text(encoding="utf-8")):
                    if not list(ROOT.rglob(name)):
                        missing.add(f"{path.relative_to(ROOT)}: {name}")
    assert missing == set()


def test_every_public_function_has_a_docstring_with_an_example():
    functions = [n for n in stances.__all__ if not isinstance(getattr(stances, n), type)]
    missing = [n for n in functions if ">>> " not in (getattr(stances, n).__doc__ or "")]
    assert missing == []
