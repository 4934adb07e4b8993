"""The one-page PDF brief of a view (A4 landscape), written with fpdf2.

Text is shaped with HarfBuzz (fpdf2 ``set_text_shaping`` over ``uharfbuzz``) in the bundled
Noto fonts (``assets/fonts/pdf``, SIL OFL 1.1): Noto Sans for Latin and Vietnamese, and
fallback fonts for Khmer, Lao, Myanmar, Thai and Simplified Chinese, so local-script names
and translated catalogs print correctly shaped on a machine with no system fonts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import segno
from fpdf import FPDF
from fpdf.enums import MethodReturnValue

from corridor_map.analytics.growth import MILESTONES, Growth, growth, undated_text
from corridor_map.analytics.matching import reason_text
from corridor_map.filters import FilterResult
from corridor_map.i18n import format_date, format_number, translate
from corridor_map.map.figure import country_label
from corridor_map.map.static import render_png
from corridor_map.programmes import programme_table
from corridor_map.registry import Registry, colocated
from corridor_map.settings import REPO_ROOT
from corridor_map.view_state import ViewState
from layers import ENTITY_LAYERS, LINK_LAYER

FONT_DIR = REPO_ROOT / "assets" / "fonts" / "pdf"
FONT_FAMILY = "NotoSans"
#: Fallback families, tried in order for characters Noto Sans lacks.
FALLBACK_FONTS = (
    ("NotoSansKhmer", "NotoSansKhmer-Regular.ttf"),
    ("NotoSansLao", "NotoSansLao-Regular.ttf"),
    ("NotoSansMyanmar", "NotoSansMyanmar-Regular.ttf"),
    ("NotoSansThai", "NotoSansThai-Regular.ttf"),
    ("NotoSansSC", "NotoSansSC-Regular-subset.otf"),
)

PAGE_W, PAGE_H = 297.0, 210.0
MARGIN = 10.0
MAP_BOX = (MARGIN, 27.0, 177.0, 118.0)  # x, y, width, height in mm (3:2, like the PNG)
SIDE_X = MAP_BOX[0] + MAP_BOX[2] + 7.0
SIDE_W = PAGE_W - MARGIN - SIDE_X
FOOT_Y = MAP_BOX[1] + MAP_BOX[3] + 5.0
QR_SIZE = 31.0
#: The footer's text runs under the map, left of the QR code; the side panel (filters,
#: figures, legend, the view's records, partner candidates) runs down to the page's foot.
FOOT_W = MAP_BOX[2] - QR_SIZE - 6.0
SIDE_BOTTOM = PAGE_H - MARGIN + 3.0
MAP_DPI = 220
INK = (33, 37, 41)
MUTED = (92, 99, 106)
ACCENT = (0, 114, 178)
WARNING = (176, 64, 0)


@dataclass(frozen=True)
class Figures:
    """Key figures of a view."""

    records: int
    links: int
    cross_border: int
    partners: int
    by_kind: dict[str, int]
    sources: int
    colocated: int = 0


def key_figures(registry: Registry, result: FilterResult) -> Figures:
    """Count what the view shows: records (by kind), links, cross-border links, sources."""
    entities, links = registry.entities, registry.links
    kinds = entities["kind"].to_numpy()[result.entities]
    shown = links[result.links]
    sources = {s for row in entities["sources"].to_numpy()[result.entities] for s in row}
    sources |= {s for row in shown["sources"] for s in row}
    return Figures(
        records=int(result.entities.sum()),
        links=int(result.links.sum()),
        cross_border=int(shown["cross_border"].sum()),
        partners=int(result.partners.sum()),
        by_kind={layer.kind: int((kinds == layer.kind).sum()) for layer in ENTITY_LAYERS},
        sources=len(sources),
        colocated=int((colocated(entities) & result.visible).sum()),
    )


def _listing(values: list[str], lang: str) -> str:
    return translate("brief.list_separator", lang).join(values)


def record_label(registry: Registry, entity_id: str) -> str:
    """A record's English name with its local-script name, if it has one."""
    row = registry.entities.loc[entity_id]
    local = row.get("name_local")
    name = str(row["name"])
    return f"{name} ({local})" if isinstance(local, str) and local.strip() else name


def filters_in_words(registry: Registry, view: ViewState, lang: str) -> list[str]:
    """The filters of ``view`` as translated sentences, one per filter that is set, and the
    selected record."""
    lines = []
    state = view.filters
    # Programme names are data (as links.csv writes them), not interface text.
    programme_names = (
        programme_table(registry.links).set_index("id")["name"] if state.programmes else {}
    )
    parts = (
        ("filters.sector", [translate(f"sector.{s}", lang) for s in state.sectors]),
        ("filters.country", [translate(f"country.{c}", lang) for c in state.countries]),
        ("filters.kind", [translate(f"kind.{k}", lang) for k in state.kinds]),
        ("field.status", [translate(f"entity_status.{s}", lang) for s in state.statuses]),
        ("matching.programme.label", [programme_names.get(p, p) for p in state.programmes]),
    )
    for label, values in parts:
        if values:
            lines.append(
                translate(
                    "brief.filter_line",
                    lang,
                    label=translate(label, lang),
                    values=_listing(values, lang),
                )
            )
    if state.query:
        lines.append(translate("brief.search_line", lang, query=state.query))
    if state.year is not None:
        lines.append(translate("year.in_words", lang, year=str(state.year)))
    if state.since:
        lines.append(translate("since.in_words", lang, date=format_date(state.since, lang)))
    if not lines:
        lines.append(translate("brief.filters_none", lang))
    if view.selected and view.selected in registry.entities.index:
        lines.append(
            translate("brief.selected_line", lang, name=record_label(registry, view.selected))
        )
    return lines


def view_title(registry: Registry, view: ViewState, lang: str) -> str:
    """Name the view in a few words: the selected record, then each filter's values, joined
    by " · " ("Laos · Clean energy"); the whole corridor when nothing is set."""
    state = view.filters
    programme_names = (
        programme_table(registry.links).set_index("id")["name"] if state.programmes else {}
    )
    parts = []
    if view.selected and view.selected in registry.entities.index:
        parts.append(str(registry.entities.loc[view.selected, "name"]))
    for values in (
        [translate(f"country.{c}", lang) for c in state.countries],
        [translate(f"sector.{s}", lang) for s in state.sectors],
        [translate(f"kind.{k}", lang) for k in state.kinds],
        [translate(f"entity_status.{s}", lang) for s in state.statuses],
        [programme_names.get(p, p) for p in state.programmes],
    ):
        if values:
            parts.append(_listing(values, lang))
    if state.query:
        parts.append(f"“{state.query}”")
    return " · ".join(parts) if parts else translate("briefing.slide.overview", lang)


#: Most records the brief names (fewer when the page has no room left); the rest are
#: counted ("and M more").
BRIEF_RECORDS = 12
#: With partner candidates to list as well, the records leave them room.
BRIEF_RECORDS_WITH_PARTNERS = 5


def view_records(registry: Registry, result: FilterResult) -> pd.DataFrame:
    """The records a view matches, in the order the brief names them.

    The order: most project links shown in the view first (a record's part in the view's
    network), then kind in legend order (:data:`layers.ENTITY_LAYERS`), then English name.

    Returns
    -------
    pandas.DataFrame
        ``id, name, name_local, kind, city, country, links`` (``links``: how many of the
        view's project links the record is an end of).
    """
    entities = registry.entities[result.entities]
    shown = registry.links[result.links]
    ends = pd.concat([shown["from_id"], shown["to_id"]]).value_counts()
    kind_order = {layer.kind: i for i, layer in enumerate(ENTITY_LAYERS)}
    frame = pd.DataFrame(
        {
            "id": entities["id"].to_numpy(),
            "name": entities["name"].to_numpy(),
            "name_local": entities["name_local"].to_numpy(),
            "kind": entities["kind"].to_numpy(),
            "city": entities["city"].to_numpy(),
            "country": entities["country"].to_numpy(),
            "links": ends.reindex(entities["id"]).fillna(0).astype(int).to_numpy(),
            "kind_order": entities["kind"].map(kind_order).fillna(len(kind_order)).to_numpy(),
        }
    )
    frame = frame.sort_values(
        ["links", "kind_order", "name"], ascending=[False, True, True], kind="stable"
    )
    return frame.drop(columns="kind_order").reset_index(drop=True)


def record_line(row: dict, lang: str) -> str:
    """A listed record's second line: its kind, then its city and country."""
    kind = translate(f"kind.{row['kind']}", lang)
    country = translate(f"country.{row['country']}", lang)
    city = row["city"] if isinstance(row["city"], str) and row["city"].strip() else ""
    place = f"{city}, {country}" if city else country
    return f"{kind} · {place}"


class _Brief(FPDF):
    """An A4 landscape page with the bundled fonts and HarfBuzz shaping."""

    def __init__(self, lang: str):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.add_font(FONT_FAMILY, "", FONT_DIR / "NotoSans-Regular.ttf")
        self.add_font(FONT_FAMILY, "B", FONT_DIR / "NotoSans-Bold.ttf")
        for family, filename in FALLBACK_FONTS:
            self.add_font(family, "", FONT_DIR / filename)
        self.set_fallback_fonts([family for family, _ in FALLBACK_FONTS], exact_match=False)
        self.set_text_shaping(True)
        self.set_lang(lang)
        self.set_text_color(*INK)

    def text_block(
        self,
        x: float,
        y: float,
        w: float,
        text: str,
        size: float = 8.0,
        bold: bool = False,
        color: tuple[int, int, int] = INK,
        link: str | None = None,
        line: float = 1.4,
    ) -> float:
        """Write wrapped, left-aligned text at (x, y); return the y below it."""
        self.set_font(FONT_FAMILY, "B" if bold else "", size)
        self.set_text_color(*color)
        self.set_xy(x, y)
        self.multi_cell(
            w, size * 0.3528 * line, text, align="L", link=link, new_x="LEFT", new_y="NEXT"
        )
        return self.get_y()

    def text_height(
        self, w: float, text: str, size: float = 8.0, bold: bool = False, line: float = 1.4
    ) -> float:
        """Height :meth:`text_block` would take for ``text`` (nothing is drawn)."""
        self.set_font(FONT_FAMILY, "B" if bold else "", size)
        return self.multi_cell(
            w, size * 0.3528 * line, text, dry_run=True, output=MethodReturnValue.HEIGHT
        )

    def heading(self, x: float, y: float, w: float, text: str) -> float:
        """A small section heading with a rule under it."""
        bottom = self.text_block(x, y, w, text, size=9.5, bold=True)
        self.set_draw_color(200, 200, 200)
        self.set_line_width(0.2)
        self.line(x, bottom + 0.4, x + w, bottom + 0.4)
        return bottom + 1.8

    def swatch(self, x: float, y: float, color: str, ring: bool, faded: bool = False) -> None:
        """A legend marker like the map's, centred on (x, y): a dot, ring kinds white inside."""
        rgb = tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))
        if faded:
            rgb = tuple(round(c + (255 - c) * 0.45) for c in rgb)
        self.set_fill_color(*rgb)
        self.circle(x, y, 1.6, style="F")
        if ring:
            self.set_fill_color(255, 255, 255)
            self.circle(x, y, 0.6, style="F")

    def line_swatch(self, x: float, y: float, color: str, width: float) -> None:
        """A legend line segment."""
        self.set_draw_color(*(int(color[i : i + 2], 16) for i in (1, 3, 5)))
        self.set_line_width(width)
        self.line(x, y + 2, x + 4.0, y + 2)

    def qr(self, x: float, y: float, size: float, url: str) -> None:
        """A QR code of ``url`` drawn as vector squares, linked to ``url``."""
        code = segno.make(url, error="m", micro=False)
        rows = list(code.matrix_iter(scale=1, border=2))
        cell = size / len(rows)
        self.set_fill_color(255, 255, 255)
        self.rect(x, y, size, size, style="F")
        self.set_fill_color(0, 0, 0)
        for r, row in enumerate(rows):
            c = 0
            while c < len(row):
                if row[c]:
                    start = c
                    while c < len(row) and row[c]:
                        c += 1
                    self.rect(x + start * cell, y + r * cell, (c - start) * cell, cell, style="F")
                else:
                    c += 1
        self.link(x, y, size, size, url)


def _side_panel(
    pdf: _Brief, registry: Registry, view: ViewState, figures: Figures, lang: str
) -> float:
    x, w = SIDE_X, SIDE_W
    y = pdf.heading(x, MAP_BOX[1], w, translate("filters.heading", lang))
    for line in filters_in_words(registry, view, lang):
        y = pdf.text_block(x, y, w, line, size=8.5) + 0.6
    if figures.records == 0:
        y = (
            pdf.text_block(
                x,
                y + 0.6,
                w,
                translate("brief.no_matches", lang),
                size=8.5,
                bold=True,
                color=WARNING,
            )
            + 0.6
        )
    y = pdf.heading(x, y + 2.5, w, translate("brief.figures_heading", lang))
    boxes = (
        (figures.records, "brief.figure_records"),
        (figures.links, "brief.figure_links"),
        (figures.cross_border, "brief.figure_cross_border"),
    )
    box_w = (w - 4) / 3
    bottoms = []
    for i, (value, key) in enumerate(boxes):
        bx = x + i * (box_w + 2)
        pdf.set_fill_color(241, 244, 247)
        pdf.rect(bx, y, box_w, 15.5, style="F")
        pdf.text_block(
            bx + 1.5,
            y + 0.8,
            box_w - 3,
            format_number(value, lang),
            size=15,
            bold=True,
            color=ACCENT,
            line=1.2,
        )
        bottoms.append(
            pdf.text_block(
                bx + 1.5, y + 7.6, box_w - 3, translate(key, lang), size=6.8, color=MUTED, line=1.25
            )
        )
    y = max(y + 15.5, *bottoms) + 3.0
    y = pdf.heading(x, y, w, translate("legend.heading", lang))
    for layer in ENTITY_LAYERS:
        pdf.swatch(x + 2, y + 2, layer.color, layer.ring)
        pdf.text_block(x + 6, y, w - 16, translate(layer.label_key, lang), size=8)
        pdf.set_xy(x + w - 10, y)
        pdf.set_font(FONT_FAMILY, "B", 8)
        pdf.cell(10, 8 * 0.3528 * 1.4, format_number(figures.by_kind[layer.kind], lang), align="R")
        y += 4.3
    for color, width, key in (
        (LINK_LAYER.color, LINK_LAYER.width, LINK_LAYER.label_key),
        (
            LINK_LAYER.cross_border_color,
            LINK_LAYER.cross_border_width,
            f"{LINK_LAYER.label_key}_cross_border",
        ),
    ):
        pdf.line_swatch(x, y, color, width * 0.3)
        pdf.text_block(x + 6, y, w - 6, translate(key, lang), size=8)
        y += 4.3
    pdf.swatch(x + 2, y + 2, ENTITY_LAYERS[0].color, False, faded=True)
    y = pdf.text_block(x + 6, y, w - 6, translate("brief.legend_partner", lang), size=8)
    if figures.colocated:
        y = pdf.text_block(
            x,
            y + 1.0,
            w,
            translate("brief.colocated", lang, count=figures.colocated),
            size=7,
            color=MUTED,
        )
    return y


#: Most partner candidates listed in the brief of a selected record.
BRIEF_PARTNERS = 5


def _records(
    pdf: _Brief, records: pd.DataFrame, y: float, lang: str, limit: int, bottom: float
) -> float:
    """The view's records under the legend (see :func:`view_records` for the order): name
    with local name, then kind, city and country; at most ``limit``, as many as fit above
    ``bottom``, then "and M more". Returns the y below the list."""
    x, w = SIDE_X, SIDE_W
    if records.empty:
        return y
    heading = translate("brief.records_heading", lang, count=len(records))
    y = pdf.heading(x, y + 2.0, w, heading)
    y = pdf.text_block(x, y, w, translate("brief.records_order", lang), size=6.5, color=MUTED)
    y += 0.8
    more_height = pdf.text_height(w, translate("brief.records_more", lang, count=0), 7, True)
    listed = 0
    for row in records.head(limit).to_dict("records"):
        local = row["name_local"]
        has_local = isinstance(local, str) and local.strip()
        name = f"{row['name']} · {local}" if has_local else row["name"]
        line = record_line(row, lang)
        needed = pdf.text_height(w, name, 7.2, True, 1.25) + pdf.text_height(
            w - 2.5, line, 6.5, False, 1.2
        )
        rest = len(records) - listed - 1
        if y + needed + 0.5 + (more_height if rest else 0) > bottom:
            break
        y = pdf.text_block(x, y, w, name, size=7.2, bold=True, line=1.25)
        y = pdf.text_block(x + 2.5, y, w - 2.5, line, size=6.5, color=MUTED, line=1.2) + 0.5
        listed += 1
    if listed < len(records):
        more = translate("brief.records_more", lang, count=len(records) - listed)
        y = pdf.text_block(x, y, w, more, size=7, bold=True, color=MUTED)
    return y


def _partners(pdf: _Brief, registry: Registry, partners: pd.DataFrame, y: float, lang: str) -> None:
    """The selected record's partner candidates under the records, as many as fit above the
    page's foot: name, country and score, then the reasons in words."""
    x, w = SIDE_X, SIDE_W
    bottom = SIDE_BOTTOM
    heading = translate("matching.partners.heading", lang)
    if partners is None or partners.empty or y + 2.0 + 2 * pdf.text_height(w, heading) > bottom:
        return
    names = registry.entities["name"].to_dict()
    y = pdf.heading(x, y + 2.0, w, heading)
    for rank, row in enumerate(partners.to_dict("records"), start=1):
        country = country_label(registry.entities.loc[row["id"]], lang)
        score = translate("matching.partners.score", lang, score=int(row["score"]))
        title = f"{rank}. {names[row['id']]} ({country}), {score}"
        reasons = "; ".join(reason_text(r, lang, names) for r in row["reasons"])
        needed = pdf.text_height(w, title, 7.2, True, 1.25) + pdf.text_height(
            w - 2.5, reasons, 6.5, False, 1.2
        )
        if y + needed > bottom:
            break
        y = pdf.text_block(x, y, w, title, size=7.2, bold=True, line=1.25)
        y = pdf.text_block(x + 2.5, y, w - 2.5, reasons, size=6.5, color=MUTED, line=1.2) + 0.6


def _footer(
    pdf: _Brief, registry: Registry, figures: Figures, lang: str, view_url: str, api_url: str
) -> None:
    x, w = MARGIN, FOOT_W
    y = pdf.text_block(
        x,
        FOOT_Y,
        w,
        translate("brief.data_as_of", lang, date=format_date(registry.version, lang)),
        size=8,
        bold=True,
    )
    y = pdf.text_block(
        x,
        y + 0.5,
        w,
        translate("brief.sources", lang, count=figures.sources, url=api_url),
        size=7.5,
        link=api_url,
    )
    y = pdf.text_block(x, y + 0.5, w, translate("credits.heading", lang), size=7.5, bold=True)
    for text in (
        translate("credits.basemap", lang),
        translate("credits.registry", lang),
        translate("brief.credits_geonames", lang),
        translate("disclaimer", lang),
    ):
        y = pdf.text_block(x, y + 0.2, w, text, size=7, color=MUTED)
    qr_x = MAP_BOX[0] + MAP_BOX[2] - QR_SIZE
    pdf.qr(qr_x, FOOT_Y, QR_SIZE, view_url)
    link_y = pdf.text_block(x, y + 1.2, w, translate("brief.view_link", lang), size=7.5, bold=True)
    pdf.text_block(x, link_y, w, view_url, size=7.5, color=ACCENT, link=view_url)


#: The growth page's chart box (x, y, width, height in mm).
GROWTH_BOX = (MARGIN + 12.0, 38.0, PAGE_W - 2 * MARGIN - 24.0, 112.0)


def _hex(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))


def _growth_page(pdf: _Brief, registry: Registry, counted: Growth, view: ViewState, lang: str):
    """Page 2: the corridor since 2010, drawn from :func:`corridor_map.analytics.growth.growth`
    (the explorer's and the briefing's chart, in PDF lines): cumulative records by kind, the
    links started each year as bars, the milestones and the view's year."""
    pdf.add_page()
    width = PAGE_W - 2 * MARGIN
    y = pdf.text_block(MARGIN, 8.5, width, translate("growth.heading", lang), 16, True, line=1.25)
    pdf.text_block(MARGIN, y, width, translate("growth.help", lang), size=8.5, color=MUTED)
    x0, y0, w, h = GROWTH_BOX
    table, years = counted.table, counted.years
    kinds = [layer for layer in ENTITY_LAYERS if table[layer.kind].iloc[-1]]
    top = max(1, int(max((table[layer.kind].max() for layer in kinds), default=1)))
    bar_top = max(1, int(table["links_started"].max()))
    step = w / max(1, len(years) - 1)

    def px(year: float) -> float:
        return x0 + (year - years[0]) * step

    def py(value: float, scale: int) -> float:
        return y0 + h - h * value / scale

    pdf.set_draw_color(200, 200, 200)
    pdf.set_line_width(0.15)
    for i in range(5):  # grid and left axis (records), right axis (links started)
        gy = y0 + h * i / 4
        pdf.line(x0, gy, x0 + w, gy)
        pdf.text_block(x0 - 11, gy - 1.6, 10, f"{round(top * (4 - i) / 4)}", size=7, color=MUTED)
        right = f"{round(bar_top * (4 - i) / 4)}"
        pdf.text_block(x0 + w + 1.5, gy - 1.6, 10, right, size=7, color=MUTED)
    bar_rgb = _hex(LINK_LAYER.cross_border_color)
    pdf.set_fill_color(*(round(c + (255 - c) * 0.45) for c in bar_rgb))
    for year, value in zip(years, table["links_started"], strict=True):
        if value:
            pdf.rect(
                px(year) - step * 0.3, py(value, bar_top), step * 0.6, h * value / bar_top, "F"
            )
    for layer in kinds:
        pdf.set_draw_color(*_hex(layer.color))
        pdf.set_line_width(0.7)
        values = table[layer.kind].tolist()
        for i in range(len(years) - 1):
            pdf.line(px(years[i]), py(values[i], top), px(years[i + 1]), py(values[i + 1], top))
    for year in years[:: 2 if len(years) > 12 else 1]:
        pdf.text_block(px(year) - 5, y0 + h + 1.0, 10, str(year), size=7, color=MUTED)
    marks = [(m.year, translate(m.label_key, lang)) for m in MILESTONES]
    if view.filters.year is not None and years[0] <= view.filters.year <= years[-1]:
        marks.append(
            (
                view.filters.year,
                translate("growth.selected_year", lang, year=str(view.filters.year)),
            )
        )
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.25)
    pdf.set_font(FONT_FAMILY, "B", 7.5)
    pdf.set_fill_color(255, 255, 255)
    for i, (year, label) in enumerate(marks):
        with pdf.local_context(dash_pattern={"dash": 1.2, "gap": 1.0}):
            pdf.line(px(year), y0, px(year), y0 + h)
        # Right-aligned against its line, on white so the curves never hide it.
        label_w = min(pdf.get_string_width(label) + 2.0, 60.0)
        pdf.set_xy(px(year) - label_w - 0.5, y0 + 1 + 4.4 * i)
        pdf.cell(label_w, 3.8, label, align="R", fill=True)
    # Legend under the chart (a row of items; an item wraps within its column), then notes.
    swatches = [(layer.color, translate(layer.label_key, lang), "line") for layer in kinds]
    swatches.append((LINK_LAYER.cross_border_color, translate("growth.links_started", lang), "bar"))
    columns = 4
    column_w = w / columns
    ly = y0 + h + 7.0
    for start in range(0, len(swatches), columns):
        bottom = ly
        for j, (color, label, shape) in enumerate(swatches[start : start + columns]):
            lx = x0 + j * column_w
            if shape == "line":
                pdf.set_draw_color(*_hex(color))
                pdf.set_line_width(0.9)
                pdf.line(lx, ly + 2, lx + 5, ly + 2)
            else:
                pdf.set_fill_color(*(round(c + (255 - c) * 0.45) for c in _hex(color)))
                pdf.rect(lx, ly + 0.8, 5, 2.4, "F")
            bottom = max(bottom, pdf.text_block(lx + 6.5, ly, column_w - 8, label, size=7.5))
        ly = bottom + 1.0
    y = pdf.text_block(MARGIN, ly + 2.0, width, undated_text(counted, lang), size=8, color=MUTED)
    sources = "; ".join(
        f"{translate(m.label_key, lang)} ({m.year}): {m.source}" for m in MILESTONES
    )
    y = pdf.text_block(MARGIN, y + 1.0, width, sources, size=7, color=MUTED)
    pdf.text_block(
        MARGIN,
        y + 1.0,
        width,
        translate("brief.data_as_of", lang, date=format_date(registry.version, lang)),
        size=7.5,
    )


def brief_map_png(
    registry: Registry, result: FilterResult, selected: str | None, basemap_dir: Path
) -> bytes:
    """The brief's map image: it depends on the filters' result and the selection only (no
    text: the brief prints the credits in the page's language)."""
    _, _, w, h = MAP_BOX
    return render_png(
        registry,
        result,
        selected,
        basemap_dir,
        size=(w / 25.4, h / 25.4),
        dpi=MAP_DPI,
        credit=False,
    )


def build_pdf(
    registry: Registry,
    view: ViewState,
    result: FilterResult,
    lang: str,
    *,
    view_url: str,
    api_url: str,
    basemap_dir: Path,
    map_png: bytes | None = None,
    partners: pd.DataFrame | None = None,
    timeless: FilterResult | None = None,
) -> bytes:
    """Write the brief of ``view``: one A4 landscape page of the view, and a second page
    with the corridor since 2010 (the growth chart).

    Parameters
    ----------
    registry
        The registry to describe.
    view
        The view: filters and selected record.
    result
        What the view's filters select (:meth:`corridor_map.context.AppContext.result`).
    lang
        Language of the text.
    view_url
        Absolute URL of the view in the explorer (printed and encoded in the QR code).
    api_url
        Absolute URL of the view's records in the open data API (where the sources are).
    basemap_dir
        ``data/basemap``.
    map_png
        The map image (:func:`brief_map_png`) when already rendered, e.g. cached.
    partners
        The selected record's partner candidates
        (:func:`corridor_map.analytics.matching.partner_candidates`), listed under the
        view's records; ``None`` for none.
    timeless
        What the view's filters select without their year and ``since`` (the growth page
        is the timeline the year is a point of); default ``result``.

    Notes
    -----
    The title names the view (:func:`view_title`). Under the legend the first page names
    the view's records in the order of :func:`view_records`: at most :data:`BRIEF_RECORDS`
    (:data:`BRIEF_RECORDS_WITH_PARTNERS` when partner candidates follow), as many as fit,
    then "and M more". A view framed on part of the corridor gets a locator inset on its
    map (:mod:`corridor_map.map.static`). The first page is placed to stay one page; the
    second charts the corridor since 2010.
    """
    figures = key_figures(registry, result)
    pdf = _Brief(lang)
    title = view_title(registry, view, lang)
    pdf.set_title(translate("brief.title", lang))
    pdf.set_subject(title)
    pdf.set_author(translate("app.title", lang))
    pdf.set_creator("Corridor Map")
    pdf.add_page()
    # The view's name is the title; a long one (many filter values) is set smaller so the
    # heading still ends above the map.
    width = PAGE_W - 2 * MARGIN
    size = 16 if pdf.text_height(width, title, 16, True, 1.25) < 8 else 11
    y = pdf.text_block(MARGIN, 8.0, width, title, size=size, bold=True, line=1.25)
    subtitle = f"{translate('brief.title', lang)} · {translate('app.subtitle', lang)}"
    pdf.text_block(MARGIN, y, width, subtitle, size=8, color=MUTED, line=1.25)
    x, y, w, h = MAP_BOX
    png = map_png or brief_map_png(registry, result, view.selected, basemap_dir)
    pdf.image(io.BytesIO(png), x=x, y=y, w=w, h=h, alt_text=translate("map.aria", lang))
    legend_bottom = _side_panel(pdf, registry, view, figures, lang)
    has_partners = partners is not None and not partners.empty
    limit = BRIEF_RECORDS_WITH_PARTNERS if has_partners else BRIEF_RECORDS
    # With partners to list, the records stop at two thirds of the room left.
    bottom = legend_bottom + (SIDE_BOTTOM - legend_bottom) * (0.6 if has_partners else 1.0)
    records = view_records(registry, result)
    records_bottom = _records(pdf, records, legend_bottom, lang, limit, bottom)
    _partners(pdf, registry, partners, records_bottom, lang)
    _footer(pdf, registry, figures, lang, view_url, api_url)
    _growth_page(pdf, registry, growth_of_view(registry, timeless or result), view, lang)
    return bytes(pdf.output())


def growth_of_view(registry: Registry, result: FilterResult) -> Growth:
    """The growth table of what ``result`` selects (the view's filters without its year)."""
    return growth(registry.entities, registry.links, result.entities, result.links)


__all__ = [
    "BRIEF_PARTNERS",
    "BRIEF_RECORDS",
    "brief_map_png",
    "build_pdf",
    "filters_in_words",
    "growth_of_view",
    "key_figures",
    "record_label",
    "view_records",
    "view_title",
]
