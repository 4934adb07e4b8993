"""The briefing storyboard as an editable PowerPoint deck (16:9), written with python-pptx.

One slide per storyboard view (:func:`corridor_map.pages.briefing.storyboard.storyboard`, the
one source of the views): the kicker and title in the slide's title placeholder and a text
box, the map as a picture (the static map of the PDF brief, :mod:`corridor_map.map.static`),
and each key figure as a native text box a ministry can edit or translate. The speaker notes
carry the sources the slide's records and links cite, the data date and the absolute links
back to the live view (the briefing at that slide, and the explorer).

Fonts: every run names a font per script slot, so PowerPoint and LibreOffice shape all seven
languages. ``a:latin`` is Noto Sans (Latin and Vietnamese), ``a:ea`` Noto Sans SC
(Simplified Chinese), and ``a:cs`` the Noto family of the run's complex script (Khmer, Lao,
Myanmar or Thai; by the run's own text, else the deck's language). These are the families
the app ships in ``assets/fonts/pdf`` (SIL OFL 1.1; install them to edit with the same
look). Where they are not installed, each run's ``lang`` lets the office suite pick a
font for that script, and the deck theme's script table names the fonts Windows ships for
them (Leelawadee UI, Khmer UI, Myanmar Text, Microsoft YaHei), used for any text typed later.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from corridor_map.context import AppContext
from corridor_map.i18n import format_date, translate
from corridor_map.pages.briefing.page import slide_figure_texts, slide_kicker, slide_title
from corridor_map.pages.briefing.storyboard import Slide, slide_result

#: Slide size (16:9, PowerPoint's default widescreen) and the map picture's box, in inches.
SLIDE_W, SLIDE_H = 13.333, 7.5
MAP_BOX = (0.45, 1.7, 8.4, 5.6)  # x, y, width, height (3:2, like the brief's map)
SIDE_X = MAP_BOX[0] + MAP_BOX[2] + 0.35
SIDE_W = SLIDE_W - SIDE_X - 0.45
#: The map picture's resolution: sharp on a 1080p projector, a few hundred KB per slide.
MAP_DPI = 144
#: Key-figure values up to this many characters are set large; longer ones (names) smaller.
SHORT_VALUE = 10
#: Most source URLs written in one slide's notes (the API link has them all).
NOTES_SOURCES = 25

INK = RGBColor(0x21, 0x25, 0x29)
MUTED = RGBColor(0x5C, 0x63, 0x6A)
ACCENT = RGBColor(0x00, 0x72, 0xB2)

LATIN_FONT = "Noto Sans"
EAST_ASIAN_FONT = "Noto Sans SC"
#: Complex scripts: Unicode block -> (Noto family, BCP 47 language of the script).
COMPLEX_SCRIPTS = (
    (re.compile("[\u1780-\u17ff\u19e0-\u19ff]"), "Noto Sans Khmer", "km"),
    (re.compile("[\u0e80-\u0eff]"), "Noto Sans Lao", "lo"),
    (re.compile("[\u1000-\u109f\uaa60-\uaa7f]"), "Noto Sans Myanmar", "my"),
    (re.compile("[\u0e00-\u0e7f]"), "Noto Sans Thai", "th"),
)
COMPLEX_FONT = {lang: font for _, font, lang in COMPLEX_SCRIPTS}
#: The deck's language -> the ``lang`` attribute of its runs (what office suites expect).
RUN_LANG = {
    "en": "en-US",
    "vi": "vi-VN",
    "zh-Hans": "zh-CN",
    "km": "km-KH",
    "lo": "lo-LA",
    "my": "my-MM",
    "th": "th-TH",
}
#: Theme script table: fonts Windows ships for each script, for text typed into the deck.
THEME_SCRIPT_FONTS = {
    "Hans": "Microsoft YaHei",
    "Khmr": "Khmer UI",
    "Laoo": "Leelawadee UI",
    "Mymr": "Myanmar Text",
    "Thai": "Leelawadee UI",
}


@dataclass(frozen=True)
class SlideLinks:
    """Absolute links of one slide: the briefing at that slide, and the explorer's view."""

    briefing: str
    explorer: str
    data: str


def complex_font(text: str, lang: str) -> str:
    """The ``a:cs`` font of a run: the Noto family of its complex script, else the
    language's, else Noto Sans."""
    for pattern, font, _ in COMPLEX_SCRIPTS:
        if pattern.search(text):
            return font
    return COMPLEX_FONT.get(lang, LATIN_FONT)


def _set_fonts(run, lang: str) -> None:
    """Name the run's Latin, East Asian and complex-script fonts and its language."""
    r_pr = run._r.get_or_add_rPr()
    r_pr.set("lang", RUN_LANG.get(lang, "en-US"))
    for tag in ("a:latin", "a:ea", "a:cs"):
        for old in r_pr.findall(qn(tag)):
            r_pr.remove(old)
    fonts = (
        ("a:latin", LATIN_FONT),
        ("a:ea", EAST_ASIAN_FONT),
        ("a:cs", complex_font(run.text, lang)),
    )
    # CT_TextCharacterProperties orders ln, fills, effects… then latin, ea, cs, sym, links:
    # appending keeps the schema order as python-pptx writes only fill and size before them.
    for tag, typeface in fonts:
        etree.SubElement(r_pr, qn(tag)).set("typeface", typeface)


def _write(
    frame,
    paragraphs: Sequence[tuple[str, float, bool, RGBColor]],
    lang: str,
    align=PP_ALIGN.LEFT,
) -> None:
    """Fill a text frame: one paragraph per ``(text, points, bold, colour)``."""
    frame.word_wrap = True
    for index, (text, size, bold, color) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = color
        _set_fonts(run, lang)


def _text_box(slide, box: tuple[float, float, float, float], paragraphs, lang: str, **kwargs):
    x, y, w, h = box
    shape = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    shape.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    _write(shape.text_frame, paragraphs, lang, **kwargs)
    return shape


def slide_sources(context: AppContext, slide: Slide) -> list[str]:
    """The sources cited by the slide's records and links, each once, in registry order."""
    result = slide_result(context, slide)
    entities, links = context.registry.entities, context.registry.links
    cited = [s for row in entities["sources"].to_numpy()[result.entities] for s in row]
    cited += [s for row in links["sources"].to_numpy()[result.links] for s in row]
    return list(dict.fromkeys(cited))


def notes_text(
    context: AppContext, slide: Slide, lang: str, links: SlideLinks, sources: list[str]
) -> str:
    """The slide's speaker notes: the view's links, the data date and the sources."""
    shown = sources[:NOTES_SOURCES]
    lines = [
        translate("deck.notes.view_link", lang, url=links.briefing),
        translate("deck.notes.explorer_link", lang, url=links.explorer),
        translate("brief.data_as_of", lang, date=format_date(context.registry.version, lang)),
        translate("deck.notes.sources", lang, count=len(sources), url=links.data),
        *(f"- {source}" for source in shown),
    ]
    if len(sources) > len(shown):
        lines.append(translate("deck.notes.more_sources", lang, count=len(sources) - len(shown)))
    lines.append(translate("credits.registry", lang))
    return "\n".join(lines)


def _theme_fonts(presentation) -> None:
    """Point the theme's script table at fonts Windows ships (text typed into the deck)."""
    master = presentation.slide_master
    theme_part = next(
        rel.target_part for rel in master.part.rels.values() if rel.reltype.endswith("/theme")
    )
    theme = etree.fromstring(theme_part.blob)
    namespace = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    for font_set in theme.iterfind(".//a:fontScheme/*", namespace):
        for tag, typeface in (("a:latin", LATIN_FONT), ("a:ea", EAST_ASIAN_FONT)):
            element = font_set.find(tag, namespace)
            if element is not None:
                element.set("typeface", typeface)
        scripts = {e.get("script"): e for e in font_set.iterfind("a:font", namespace)}
        for script, typeface in THEME_SCRIPT_FONTS.items():
            element = scripts.get(script)
            if element is None:
                element = etree.SubElement(font_set, qn("a:font"), script=script)
            element.set("typeface", typeface)
    theme_part._blob = etree.tostring(
        theme, xml_declaration=True, encoding="UTF-8", standalone=True
    )


def build_deck(
    context: AppContext,
    deck: Sequence[Slide],
    lang: str,
    *,
    map_png: Callable[[Slide], bytes],
    links: Callable[[int, Slide], SlideLinks],
    view_title: str = "",
) -> bytes:
    """Write the storyboard ``deck`` as a 16:9 PowerPoint file.

    Parameters
    ----------
    context
        The app context (registry and analytics).
    deck
        The storyboard's slides, in order.
    lang
        Language of every text (the view's).
    map_png
        The map picture of a slide (:func:`deck_map_png`, usually cached).
    links
        The absolute links of slide ``index`` (0-based), for its speaker notes.
    view_title
        Names the view the briefing was opened with, under the "Your view" title.

    Returns
    -------
    bytes
        The ``.pptx`` file.
    """
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    _theme_fonts(presentation)
    presentation.core_properties.title = translate("briefing.heading", lang)
    presentation.core_properties.author = translate("app.title", lang)
    presentation.core_properties.language = RUN_LANG.get(lang, "en-US")
    layout = presentation.slide_layouts[5]  # "Title Only": the title is the slide's title
    for index, slide in enumerate(deck):
        page = presentation.slides.add_slide(layout)
        title = page.shapes.title
        title.left, title.top = Inches(0.45), Inches(0.55)
        title.width, title.height = Emu(Inches(SLIDE_W - 0.9)), Inches(1.0)
        title.text_frame.vertical_anchor = MSO_ANCHOR.TOP
        title.text_frame.clear()
        _write(title.text_frame, [(slide_title(slide, lang), 34, True, INK)], lang)
        _text_box(
            page,
            (0.45, 0.2, SLIDE_W - 0.9, 0.45),
            [(slide_kicker(slide, lang), 15, False, ACCENT)],
            lang,
        )
        x, y, w, h = MAP_BOX
        picture = page.shapes.add_picture(
            io.BytesIO(map_png(slide)), Inches(x), Inches(y), Inches(w), Inches(h)
        )
        # Alt text: what a screen reader says for the picture.
        picture._element.nvPicPr.cNvPr.set("descr", translate("map.aria", lang))
        top = MAP_BOX[1]
        if slide.id == "your-view" and view_title:
            _text_box(page, (SIDE_X, top, SIDE_W, 0.8), [(view_title, 18, True, INK)], lang)
            top += 0.9
        # The key figures flow in one text box, so a long named value (a record, a pair of
        # countries) pushes the next figure down instead of running over it.
        figures = _text_box(
            page,
            (SIDE_X, top, SIDE_W, SLIDE_H - 0.85 - top),
            [
                paragraph
                for _, value, label in slide_figure_texts(context, slide, lang)
                for paragraph in (
                    (value, 30 if len(value) <= SHORT_VALUE else 18, True, ACCENT),
                    (label, 14, False, MUTED),
                )
            ],
            lang,
        )
        for number, paragraph in enumerate(figures.text_frame.paragraphs):
            if number % 2 == 0 and number:
                paragraph.space_before = Pt(14)
        # Office shrinks the text on opening if it still overflows the box.
        figures.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
        _text_box(
            page,
            (SIDE_X, SLIDE_H - 0.75, SIDE_W, 0.5),
            [
                (
                    translate(
                        "brief.data_as_of", lang, date=format_date(context.registry.version, lang)
                    ),
                    10,
                    False,
                    MUTED,
                )
            ],
            lang,
        )
        page.notes_slide.notes_text_frame.text = notes_text(
            context, slide, lang, links(index, slide), slide_sources(context, slide)
        )
        for paragraph in page.notes_slide.notes_text_frame.paragraphs:
            for run in paragraph.runs:
                _set_fonts(run, lang)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def deck_map_png(context: AppContext, slide: Slide, basemap_dir: Path) -> bytes:
    """A slide's map picture: the static map of its records at the deck's map box size."""
    from corridor_map.map.static import render_png

    _, _, w, h = MAP_BOX
    png = render_png(
        context.registry,
        slide_result(context, slide),
        slide.selected,
        basemap_dir,
        size=(w, h),
        dpi=MAP_DPI,
    )
    # A 256-colour palette keeps the map's flat colours and makes a deck of two dozen
    # slides a few MB instead of ten.
    image = Image.open(io.BytesIO(png)).convert("RGB")
    palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


__all__ = ["SlideLinks", "build_deck", "complex_font", "deck_map_png", "notes_text"]
