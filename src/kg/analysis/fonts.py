"""A CJK font for matplotlib, so Chinese labels render as characters and not as empty boxes.

The machine has no system CJK font and matplotlib's bundled DejaVu Sans has no Chinese glyphs. The PyPI
package ``mplfonts`` ships Noto Sans CJK SC (OFL licensed) inside the package, so it works offline; we
register that file with matplotlib's font manager directly (``mplfonts.use_font`` would do the same through
rcParams) and put it first in the sans-serif list, DejaVu Sans after it for Latin text.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FONT_FILE = "NotoSansCJKsc-Regular.otf"


class FontMissing(RuntimeError):
    """No CJK font available: install ``mplfonts`` (pip install mplfonts)."""


def cjk_font_path() -> Path:
    """The path of the bundled Noto Sans CJK SC font file."""
    try:
        import mplfonts
    except ImportError as e:
        raise FontMissing("no CJK font: install the `mplfonts` package (it ships Noto Sans CJK SC)") from e
    path = Path(mplfonts.__file__).parent / "fonts" / FONT_FILE
    if not path.exists():
        raise FontMissing(f"mplfonts is installed but {path} is missing")
    return path


@lru_cache(maxsize=1)
def use_cjk_font() -> str:
    """Register the CJK font with matplotlib and make it the default; returns its family name."""
    import matplotlib
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return family


def font_used_for(text: str) -> Path:
    """The font file matplotlib picks for ``text`` with the current settings (what a label renders in)."""
    from matplotlib import font_manager

    props = font_manager.FontProperties(family=list(_families()))
    return Path(font_manager.findfont(props, fallback_to_default=True))


def has_glyphs(font: Path, text: str) -> bool:
    """True if every non-space character of ``text`` has a glyph in ``font``."""
    from matplotlib.ft2font import FT2Font

    cmap = FT2Font(str(font)).get_charmap()
    return all(ord(ch) in cmap for ch in text if not ch.isspace())


def _families() -> tuple[str, ...]:
    import matplotlib

    return tuple(matplotlib.rcParams["font.sans-serif"])
