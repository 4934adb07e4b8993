"""Subset the Noto fonts for Khmer, Lao, Myanmar and Thai into assets/fonts/*.woff2.

Only needed to rebuild the committed woff2 files (the app needs nothing at run time). Source:
Debian ``fonts-noto-core`` (``/usr/share/fonts/truetype/noto/``, installed by ``make test``);
needs ``fonttools`` and ``brotli`` (pinned in requirements-test.txt).

    python scripts/build_fonts.py [--source DIR] [--out DIR]

Each font keeps its script's Unicode blocks plus basic punctuation, all OpenType layout
features (shaping of stacked consonants and vowel marks needs them) and no hinting. The
``@font-face`` rules in ``assets/05-fonts.css`` give the same script ranges as
``unicode-range``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/truetype/noto")
OUT = REPO_ROOT / "assets" / "fonts"

# Script blocks (inclusive code point ranges), by font family stem.
SCRIPTS: dict[str, tuple[tuple[int, int], ...]] = {
    "NotoSansKhmer": ((0x1780, 0x17FF), (0x19E0, 0x19FF)),  # Khmer, Khmer Symbols
    "NotoSansLao": ((0x0E80, 0x0EFF),),  # Lao
    "NotoSansMyanmar": ((0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F)),  # + Ext-B, Ext-A
    "NotoSansThai": ((0x0E00, 0x0E7F),),  # Thai
}
# Basic punctuation, digits and the format characters used inside these scripts.
COMMON: tuple[tuple[int, int], ...] = (
    (0x0020, 0x0040),  # space, ASCII punctuation and digits
    (0x005B, 0x0060),
    (0x007B, 0x007E),
    (0x00A0, 0x00A0),  # no-break space
    (0x00AD, 0x00AD),  # soft hyphen
    (0x200B, 0x200D),  # zero-width space, non-joiner, joiner
    (0x2010, 0x2027),  # dashes, quotes, bullet, ellipsis
    (0x25CC, 0x25CC),  # dotted circle (shown under a mark with no base)
)
WEIGHTS = ("Regular", "Bold")


def codepoints(ranges: tuple[tuple[int, int], ...]) -> set[int]:
    """Every code point in the inclusive ``ranges``."""
    return {cp for start, end in ranges for cp in range(start, end + 1)}


def subset_font(source: Path, target: Path, unicodes: set[int]) -> int:
    """Write the subset of ``source`` covering ``unicodes`` to ``target`` as woff2; its size."""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = ["*"]  # keep copyright, licence and family names (OFL requires them)
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = TTFont(source, recalcTimestamp=False)  # same bytes on every rebuild
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes & set(font.getBestCmap()))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(target)
    return target.stat().st_size


def main(argv: list[str] | None = None) -> int:
    """Build every font; print sizes; exit 1 when a source file is missing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    total = 0
    for stem, ranges in SCRIPTS.items():
        unicodes = codepoints(ranges) | codepoints(COMMON)
        for weight in WEIGHTS:
            source = args.source / f"{stem}-{weight}.ttf"
            if not source.exists():
                print(f"missing {source} (apt-get install fonts-noto-core)", file=sys.stderr)
                return 1
            target = args.out / f"{stem}-{weight}.subset.woff2"
            size = subset_font(source, target, unicodes)
            total += size
            print(f"{target.name}: {size / 1024:.1f} KiB")
    print(f"total: {total / 1024:.1f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
