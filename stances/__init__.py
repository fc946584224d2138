"""stances: code what political actors say about policy into an auditable dataset.

The top level holds the functions an analyst needs; each lives in the module of its
stage and is imported on first use, so `import stances` stays quick:

- `code(corpus, out_dir)`: read a corpus, code it, write the dataset directory;
- `read_dataset(data_dir)`: the dataset's tables (`.statements`, `.articles`);
- `filter_statements`, `article_stances`, `trajectories`, `shifts`, `shifts_along`,
  `stance_matrix`, `coverage` (`stances.analysis`); `stance_series`, `topic_salience`,
  `source_breakdown` (`stances.aggregate`); `actor_network`, `actor_topic_network`,
  `write_network` (`stances.network`);
- `plot_timeline`, `plot_shifts`, `plot_heatmap`, `plot_coverage`, `plot_network`, and
  every other `plot_*` of `stances.plots`;
- `load_codebook`, `write_report`.

>>> import stances
>>> dataset = stances.code("seeds", "data")
>>> found = stances.shifts(dataset.statements, actor="hegseth")
>>> fig = stances.plot_shifts(dataset.statements, actor="hegseth")
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stances.dataset import Dataset

__version__ = "0.1.0"

# Name -> module that defines it, imported when the name is first used.
_HOMES = {
    "read_dataset": "dataset",
    "Dataset": "dataset",
    "load_codebook": "codebook",
    "filter_statements": "analysis",
    "article_stances": "analysis",
    "trajectories": "analysis",
    "shifts": "analysis",
    "shifts_along": "analysis",
    "stance_matrix": "analysis",
    "coverage": "analysis",
    "discourse_network": "analysis",
    "stance_series": "aggregate",
    "topic_salience": "aggregate",
    "source_breakdown": "aggregate",
    "actor_network": "network",
    "actor_topic_network": "network",
    "write_network": "network",
    "write_report": "report",
}
_PLOTS = ("plot_timeline", "plot_shifts", "plot_heatmap", "plot_coverage", "plot_network")

__all__ = ["code", *_HOMES, *_PLOTS]


def code(
    corpus: str | Path,
    out_dir: str | Path,
    *,
    manifest: str | Path | None = None,
    codebook: str | Path | None = None,
    coder: str = "rules",
) -> Dataset:
    """Code a corpus into a dataset directory, as `stances code` does; return the dataset.

    `corpus` is a folder of .txt/.md/.html articles (metadata from front matter or a
    manifest CSV) or a .csv/.jsonl/.parquet table with `id,text`; `codebook` is a TOML
    file (default: the packaged one); `coder` is `rules` or `rules+pairs` (see
    `stances.coder.CODERS`). A text read twice is coded once.

    >>> import stances
    >>> dataset = stances.code("seeds", "data")
    >>> sorted(dataset.statements["stance"].unique())
    ['mixed', 'neutral', 'oppose', 'support']
    """
    from stances.pipeline import build_dataset

    dataset, _duplicates = build_dataset(
        corpus, out_dir, manifest=manifest, codebook=codebook, coder=coder
    )
    return dataset


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        module = importlib.import_module(f"stances.{_HOMES[name]}")
    elif name.startswith("plot_"):
        module = importlib.import_module("stances.plots")
    else:
        raise AttributeError(f"module 'stances' has no attribute {name!r}")
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*__all__, "__version__"})
