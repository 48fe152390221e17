"""Make the page's Material Symbols font (development tool, run by hand after updating the
`material-symbols` npm package): the package's variable Rounded font (over 5 MB) pinned to
Streamlit's look (weight 400, unfilled, grade 0, 24 px optical size) is a static font of under
half a megabyte. Written to labextension/app/fonts/, where the icons chunk's stylesheet finds it.

Needs fontTools and brotli: ``pip install fonttools brotli``; run from the repository root:
``python scripts/icon_font.py``.
"""

from __future__ import annotations

from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.varLib.instancer import instantiateVariableFont

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "labextension/node_modules/material-symbols/material-symbols-rounded.woff2"
TARGET = ROOT / "labextension/app/fonts/material-symbols-rounded-400.woff2"


def main() -> None:
    font = TTFont(SOURCE)
    static = instantiateVariableFont(font, {"wght": 400, "FILL": 0, "GRAD": 0, "opsz": 24})
    static.flavor = "woff2"
    static.save(TARGET)
    print(f"wrote {TARGET.relative_to(ROOT)}: {TARGET.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
