"""Components derived from a filter result: pure functions, no callbacks, no I/O."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlparse

import numpy as np
import pandas as pd
from dash import html

from corridor_map import ids, schema
from corridor_map.filters import FilterIndex, FilterResult
from corridor_map.i18n import format_date, format_number, translate
from corridor_map.map.figure import country_label
from corridor_map.place_names import province_label
from corridor_map.registry import Registry
from layers import ENTITY_LAYERS

#: Records listed without the table (the list is part of every filter change's answer).
RECORD_LIST_LIMIT = 50
#: Bootstrap's ``text-bg-*`` pairs a background with a text colour of at least 4.5:1
#: contrast (white on the light info and warning backgrounds would be about 2:1).
PRECISION_CLASSES = {
    "site": "text-bg-success",
    "town": "text-bg-secondary",
    "city": "text-bg-info",
    "province": "text-bg-warning",
}


def result_text(result: FilterResult, lang: str) -> str:
    """A sentence saying what the filters found, including when they found nothing."""
    matches = int(result.entities.sum())
    if matches == 0:
        return translate("result.none", lang)
    return translate(
        "result.summary",
        lang,
        matches=matches,
        partners=int(result.partners.sum()),
        links=int(result.links.sum()),
    )


def kind_counts(index: FilterIndex, result: FilterResult, lang: str) -> html.Ul:
    """Counts of matching records by kind, with the legend's colours."""
    counts = index.value_counts("kinds", result.entities)
    items = []
    for layer in ENTITY_LAYERS:
        count = counts.get(layer.kind, 0)
        swatch = html.Span(
            className="legend-swatch" + (" legend-ring" if layer.ring else ""),
            style={"backgroundColor": layer.color},
        )
        items.append(
            html.Li(
                [
                    swatch,
                    html.Span(translate(layer.label_key, lang)),
                    html.Strong(format_number(count, lang), className="ms-auto"),
                ],
                **{"data-kind": layer.kind},
            )
        )
    return html.Ul(items, className="kind-counts list-unstyled mb-0")


def country_sector_matrix(
    index: FilterIndex, mask: np.ndarray, sector_ids: tuple[str, ...]
) -> pd.DataFrame:
    """Count matching entities per unit × sector (an entity counts once per sector).

    From the filter index's arrays (one matrix product), not by exploding the frame: this
    runs on every new filter state. China outside Yunnan has its own row, shown when it
    counts anything.
    """
    units = tuple(schema.REPORT_UNITS)
    counts = index.unit_sector_counts(mask, units)
    table = pd.DataFrame(counts, index=list(units), columns=list(index.sector_ids))
    table = table.reindex(columns=list(sector_ids), fill_value=0)
    return table[(table.index != schema.OUTSIDE_UNIT) | (table.sum(axis=1) > 0)]


def empty_figure(text: str, height: int) -> dict:
    """A chart's empty state: no axes, no colour, the reason in words (a figure dict)."""
    hidden = {"visible": False, "fixedrange": True}
    return {
        "data": [],
        "layout": {
            "height": height,
            "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
            "xaxis": hidden,
            "yaxis": hidden,
            "annotations": [
                {
                    "text": text,
                    "showarrow": False,
                    "xref": "paper",
                    "yref": "paper",
                    "x": 0.5,
                    "y": 0.5,
                    "font": {"size": 14, "color": "#1f2a36"},
                }
            ],
        },
    }


def matrix_figure(matrix: pd.DataFrame, lang: str) -> dict:
    """Heatmap of the country × sector counts, labelled in ``lang``; nothing to count gives
    :func:`empty_figure` (an all-zero grid would read as data).

    A plain figure dict: it is rebuilt on every filter change, and ``go.Figure`` would
    validate every property each time (most of this callback's time).
    """
    counts = matrix.to_numpy()
    if not counts.size or not counts.any():
        return empty_figure(translate("chart.empty", lang), 330)
    return {
        "data": [
            {
                "type": "heatmap",
                "z": counts,
                "x": [translate(f"sector.{s}", lang) for s in matrix.columns],
                "y": [translate(f"country.{c}", lang) for c in matrix.index],
                "text": counts,
                "texttemplate": "%{text}",
                "colorscale": [[0, "#f7fbff"], [1, "#08519c"]],
                "showscale": False,
                "hovertemplate": "%{y} · %{x}: %{z}<extra></extra>",
                "xgap": 1,
                "ygap": 1,
            }
        ],
        "layout": {
            "margin": {"l": 110, "r": 10, "t": 10, "b": 120},
            "height": 330,
            "xaxis": {"tickangle": -40, "automargin": True},
            "yaxis": {"autorange": "reversed", "automargin": True},
            "font": {"size": 12},
        },
    }


def record_list(
    entities: pd.DataFrame,
    mask: np.ndarray,
    lang: str,
    limit: int = RECORD_LIST_LIMIT,
    since: str = "",
) -> dict:
    """The matching records as plain data for the list of buttons that open their details.

    The list is light and keyboard-reachable without the table's grid: the browser renders
    each item as a button (one Tab stop, opens with Enter or Space; ``recordList`` in
    assets/record-pick.js). Plain data rather than components, because it is part of every
    new filter state's answer and components cost far more to encode.

    Returns
    -------
    dict
        ``items``: ``[id, name, "kind · place"]`` for at most ``limit`` records; ``more``:
        a line saying how to see the rest (empty when all are listed). With ``since`` (a
        date), each item also carries ``[state, text]``: "new" (added since) or "changed".
    """
    matches = np.flatnonzero(mask)
    shown = matches[:limit]
    versions = [c for c in ("added",) if since and c in entities]
    columns = ["name", "name_local", "kind", *_label_columns(entities), *versions]
    # Plain dicts of the shown rows' columns, not rows of the GeoDataFrame (nor a copy of
    # every match): this runs on every new filter state.
    values = {c: entities[c].to_numpy()[shown] for c in columns}
    rows = [{c: values[c][i] for c in columns} for i in range(len(shown))]
    items = [
        [
            str(record_id),
            _record_name(row),
            " · ".join((translate(f"kind.{row['kind']}", lang), country_label(row, lang))),
            *_since_mark(row, since, lang),
        ]
        for record_id, row in zip(entities.index[shown], rows, strict=True)
    ]
    more = ""
    if len(matches) > limit:
        more = translate("records.more", lang, shown=limit, total=len(matches))
    return {"items": items, "more": more}


def _since_mark(row: dict, since: str, lang: str) -> list:
    """``[state, text]``: "new" or "changed" for a record of a ``since`` view (the browser
    shows it as a badge beside the record); nothing without one."""
    if not since or "added" not in row:
        return []
    state = "added" if row["added"] >= since else "changed"
    return [[state, translate(f"since.badge.{state}", lang)]]


def _label_columns(entities: pd.DataFrame) -> list[str]:
    """The columns :func:`~corridor_map.map.figure.country_label` reads, where present."""
    return [c for c in ("country", "admin1", "in_corridor") if c in entities]


def _record_name(row) -> str:
    """A record's English name, with its local-script name when it has one."""
    local = row.get("name_local")
    return f"{row['name']} ({local})" if isinstance(local, str) and local.strip() else row["name"]


def _source_item(source: str) -> html.Li:
    """A source as a link when it starts with a web address, else as text (never raw HTML)."""
    first, _, note = source.partition(" ")
    if urlparse(first).scheme in {"http", "https"}:
        link = html.A(first, href=first, target="_blank", rel="noopener noreferrer")
        return html.Li([link, f" {note}" if note else ""])
    return html.Li(source)


def sources_list(sources) -> html.Ul:
    """A record's or link's sources, each a link when it starts with a web address."""
    return html.Ul([_source_item(s) for s in sources], className="small sources")


def place_text(entity, lang: str) -> str:
    """Where a record is, in words: city, province and country (as the reader sees it)."""
    province = province_label(entity["admin1"], lang, country=entity["country"])
    return ", ".join(filter(None, [entity["city"], province, country_label(entity, lang)]))


def _field(label: str, value) -> list:
    return [html.Dt(label, className="col-sm-4"), html.Dd(value, className="col-sm-8")]


def detail_panel(
    registry: Registry,
    entity_id: str | None,
    lang: str,
    matched_through: Iterable[str] = (),
    sectors: Iterable[str] = (),
    opened: Iterable[str] = (),
) -> list:
    """Everything about one record: fields, sources, precision, and its links with partners.

    ``matched_through`` names the links through which the record meets the sector filter
    (``sectors``) when its own sectors do not: a line says so and those links are marked.
    ``opened`` names links chosen on the map: listed first, marked, their details open.
    """
    entities = registry.entities
    if not entity_id or entity_id not in entities.index:
        return [html.P(translate("detail.empty", lang), className="text-muted mb-0")]
    entity = entities.loc[entity_id]
    precision = entity["location_precision"]
    fields = [
        *_field(translate("field.kind", lang), translate(f"kind.{entity['kind']}", lang)),
        *_field(translate("field.place", lang), place_text(entity, lang)),
        *_field(
            translate("field.sectors", lang),
            [
                html.Span(translate(f"sector.{s}", lang), className="badge text-bg-light me-1")
                for s in entity["sectors"]
            ],
        ),
    ]
    if not entity["in_corridor"]:
        fields += _field(translate("field.corridor", lang), translate("detail.outside", lang))
    if entity.get("status"):
        fields += _field(
            translate("field.status", lang), translate(f"entity_status.{entity['status']}", lang)
        )
    if entity.get("former_names"):
        fields += _field(
            translate("field.former_names", lang),
            ", ".join(n.strip() for n in entity["former_names"].split(";") if n.strip()),
        )
    for name in ("established", "operator"):
        if pd.notna(entity[name]) and str(entity[name]):
            fields += _field(translate(f"field.{name}", lang), str(entity[name]))
    if entity["website"]:
        fields += _field(
            translate("field.website", lang),
            html.A(
                entity["website"],
                href=entity["website"],
                target="_blank",
                rel="noopener noreferrer",
            ),
        )
    fields += _field(
        translate("field.coordinates", lang), f"{entity['lat']:.4f}, {entity['lon']:.4f}"
    )
    fields += _field(
        translate("field.last_verified", lang), format_date(entity["last_verified"], lang)
    )
    return [
        html.H2(entity["name"], className="h5 mb-0 pe-4"),
        html.P(entity["name_local"], className="name-local mb-1", lang="")
        if entity["name_local"]
        else None,
        html.Span(
            translate(f"precision.{precision}", lang),
            className=f"badge precision-badge mb-2 {PRECISION_CLASSES[precision]}",
            title=translate(f"precision.{precision}.help", lang),
        ),
        html.P(entity["description"], className="small"),
        html.Dl(fields, className="row small mb-2"),
        html.H3(translate("detail.sources", lang), className="h6"),
        sources_list(entity["sources"]),
        html.H3(translate("detail.links", lang), className="h6"),
        _matched_note(matched_through, sectors, lang),
        _links_list(registry, entity_id, lang, set(matched_through), set(opened)),
    ]


def _matched_note(matched_through: Iterable[str], sectors: Iterable[str], lang: str):
    if not tuple(matched_through):
        return None
    names = ", ".join(translate(f"sector.{s}", lang) for s in sectors)
    return html.P(
        translate("detail.matched_through", lang, sectors=names), className="small matched-note"
    )


def link_facts(link, lang: str) -> list[tuple[str, str]]:
    """A link's own facts as ``(label, value)`` pairs in ``lang``: status, start year,
    programme and sectors (the details in the explorer and the embed's link sheet)."""
    facts = [(translate("field.status", lang), translate(f"status.{link['status']}", lang))]
    if pd.notna(link["start_year"]):
        facts.append((translate("field.since", lang), str(link["start_year"])))
    if isinstance(link.get("programme"), str) and link["programme"].strip():
        facts.append((translate("field.programme", lang), link["programme"]))
    facts.append(
        (
            translate("field.sectors", lang),
            ", ".join(translate(f"sector.{s}", lang) for s in link["sectors"]),
        )
    )
    return facts


def _link_details(link, lang: str, opened: bool = False) -> html.Details:
    """A link's own facts in a disclosure (open when the link was chosen on the map):
    status, years, programme, sectors and sources."""
    facts = [part for label, value in link_facts(link, lang) for part in _field(label, value)]
    return html.Details(
        [
            html.Summary(translate("link.details", lang)),
            html.Dl(facts, className="row small mb-1"),
            html.Div(translate("detail.sources", lang), className="fw-semibold"),
            sources_list(link["sources"]),
        ],
        className="link-details",
        open=opened,
    )


PARTNER_SEPARATOR = "::"


def partner_button_index(partner_id: str, link_id: str) -> str:
    """Pattern-matching index of a partner button: unique per link, carries the partner id."""
    return f"{partner_id}{PARTNER_SEPARATOR}{link_id}"


def partner_from_index(index: str) -> str:
    """The partner's entity id from a partner button's index."""
    return index.split(PARTNER_SEPARATOR)[0]


def _links_list(
    registry: Registry,
    entity_id: str,
    lang: str,
    marked: set[str] = frozenset(),
    opened: set[str] = frozenset(),
):
    """The record's links with their partners; ``marked`` links made it match the sector
    filter, ``opened`` ones were chosen on the map (shown first, their details open)."""
    links = registry.links
    mine = links[(links["from_id"] == entity_id) | (links["to_id"] == entity_id)]
    if mine.empty:
        return html.P(translate("detail.no_links", lang), className="small text-muted")
    # A link chosen on the map comes first, where the panel opens.
    mine = mine.iloc[np.argsort(~mine.index.isin(list(opened)), kind="stable")]
    items = []
    for _, link in mine.iterrows():
        partner_id = link["to_id"] if link["from_id"] == entity_id else link["from_id"]
        partner = registry.entities.loc[partner_id]
        facts = [
            translate(f"link_kind.{link['kind']}", lang),
            translate(f"status.{link['status']}", lang),
        ]
        if pd.notna(link["start_year"]):
            facts.append(str(link["start_year"]))
        if link["cross_border"]:
            facts.append(translate("link.cross_border", lang))
        items.append(
            html.Li(
                [
                    html.Div(link["title"], className="fw-semibold"),
                    html.Span(translate("link.matched", lang), className="badge matched-badge")
                    if link["id"] in marked
                    else None,
                    html.Div(" · ".join(facts), className="text-muted"),
                    html.Button(
                        f"{partner['name']} ({country_label(partner, lang)})",
                        # One button per link: two links may join the same partner.
                        id={
                            "type": ids.PARTNER,
                            "index": partner_button_index(partner_id, link["id"]),
                        },
                        className="btn btn-link btn-sm p-0 text-start partner-link",
                    ),
                    _link_details(link, lang, opened=link["id"] in opened),
                ],
                className="mb-2"
                + (" matched-link" if link["id"] in marked else "")
                + (" opened-link" if link["id"] in opened else ""),
            )
        )
    return html.Ul(items, className="list-unstyled small links-list")
