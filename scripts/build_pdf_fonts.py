"""Build the PDF brief's fonts (``assets/fonts/pdf/``) from Debian's Noto packages.

Run once by a maintainer (``python scripts/build_pdf_fonts.py``); the output is committed so
the app renders briefs on a machine with only its pip packages. Sources: Debian
``fonts-noto-core`` (Noto Sans, Khmer, Lao, Myanmar, Thai) and ``fonts-noto-cjk`` (Noto Sans
CJK SC, face 2 of the collection), SIL Open Font License 1.1 (see data/README.md "Fonts").

- Noto Sans Regular/Bold: subset to Latin (incl. Vietnamese) and common punctuation.
- Khmer, Lao, Myanmar, Thai: copied whole (small; keeps every shaping rule).
- CJK SC: subset to GB 2312 level-1 hanzi (3,755 common characters), CJK punctuation and
  every character used by the registry and the translation catalogs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fontTools import subset

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "assets" / "fonts" / "pdf"
CORE = Path("/usr/share/fonts/truetype/noto")
CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_SC_FACE = 2

LATIN_RANGES = [
    (0x0020, 0x024F),
    (0x0300, 0x036F),
    (0x1E00, 0x1EFF),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x215F),
    (0x2190, 0x21FF),
    (0x2212, 0x2212),
    (0x25A0, 0x25FF),
]


def _options() -> subset.Options:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    return options


def _subset(source: Path, target: Path, codepoints: set[int], font_number: int = 0) -> None:
    options = _options()
    options.font_number = font_number
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def _used_characters() -> set[int]:
    text = ""
    for path in [
        *(REPO / "data" / "registry").glob("*.csv"),
        *(REPO / "corridor_map" / "i18n" / "locales").rglob("*.json"),
    ]:
        text += path.read_text(encoding="utf-8")
    return {ord(c) for c in text}


def _gb2312_level1() -> set[int]:
    chars = set()
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return chars


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    latin = {c for start, end in LATIN_RANGES for c in range(start, end + 1)}
    for style in ("Regular", "Bold"):
        _subset(CORE / f"NotoSans-{style}.ttf", OUT / f"NotoSans-{style}.ttf", latin)
    for script in ("Khmer", "Lao", "Myanmar", "Thai"):
        shutil.copyfile(
            CORE / f"NotoSans{script}-Regular.ttf", OUT / f"NotoSans{script}-Regular.ttf"
        )
    cjk = _gb2312_level1() | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    cjk |= {c for c in _used_characters() if c >= 0x2E80}
    cjk |= latin
    _subset(CJK, OUT / "NotoSansSC-Regular-subset.otf", cjk, CJK_SC_FACE)
    for path in sorted(OUT.iterdir()):
        print(f"{path.name}: {path.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
