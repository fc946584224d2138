"""Charts as files to share: one HTML page per chart (sharing one plotly.js) and a PNG each.

Every file is written atomically, so a failed run never leaves half a file behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

PLOTLYJS_MODES = ("inline", "directory", "cdn")
PNG_WIDTH = 1100
PNG_HELP = (
    "install the export extra (uv sync --extra export) and a Chromium or Chrome; "
    "set BROWSER_PATH if it is not found"
)


@dataclass
class ChartFiles:
    """What `write_charts` wrote: one HTML file per chart, the shared plotly.js when there
    is one, PNGs when a Chromium could render them, and else why no PNG was written."""

    html: list[Path] = field(default_factory=list)
    png: list[Path] = field(default_factory=list)
    plotlyjs: Path | None = None
    png_skipped: str | None = None


def write_charts(
    figures: dict[str, go.Figure], charts_dir: str | Path, *, plotlyjs: str = "directory"
) -> ChartFiles:
    """Write each figure to `charts_dir` as `<name>.html` and, if possible, `<name>.png`.

    `plotlyjs` says where the pages find plotly.js: `directory` (one shared
    `plotly.min.js` beside them), `inline` (each page carries its own copy: biggest, but
    every file stands alone) or `cdn` (loaded from the web when the page opens). PNG
    export needs kaleido and a Chromium; when it fails no PNG is written and
    `png_skipped` says why and how to enable it, never raised.
    """
    if plotlyjs not in PLOTLYJS_MODES:
        raise ValueError(f"plotlyjs: expected one of {', '.join(PLOTLYJS_MODES)}, got {plotlyjs!r}")
    charts = Path(charts_dir)
    charts.mkdir(parents=True, exist_ok=True)
    files = ChartFiles()
    include: str | bool = True if plotlyjs == "inline" else plotlyjs
    for name, fig in figures.items():
        path = charts / f"{name}.html"
        page = pio.to_html(fig, include_plotlyjs=include, full_html=True, div_id=f"chart-{name}")
        write_atomic(path, [page])
        files.html.append(path)
    if plotlyjs == "directory":
        # The file name plotly's pages point to; written once for all of them.
        files.plotlyjs = charts / "plotly.min.js"
        write_atomic(files.plotlyjs, [get_plotlyjs()])
    pngs = {name: charts / f"{name}.png" for name in figures}
    staged = {name: charts / f".{name}.png.tmp" for name in figures}
    try:
        pio.write_images(
            list(figures.values()),
            list(staged.values()),
            format="png",
            width=PNG_WIDTH,
            height=[fig.layout.height or 560 for fig in figures.values()],
        )
        for name in figures:
            os.replace(staged[name], pngs[name])
            files.png.append(pngs[name])
    except Exception as e:  # any failure of the optional exporter must not lose the report
        files.png_skipped = f"{_first_line(e)}; to get PNGs, {PNG_HELP}"
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
    return files


def _first_line(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return f"{type(error).__name__}: {lines[0].rstrip('.')}" if lines else type(error).__name__


def write_atomic(path: Path, chunks: Iterable[str]) -> None:
    """Write `chunks` to a temporary file next to `path`, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            for chunk in chunks:
                f.write(chunk)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
