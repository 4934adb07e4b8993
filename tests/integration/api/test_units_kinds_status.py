"""Truthful units, honest kinds and status (issue 14): filters, URL, API, labels, map, brief.

Greppable ids: ``test_reg120_…`` onwards (the checker's own rules are in
test_registry_rules.py).
"""

from __future__ import annotations

import csv
import io
from html import escape

import numpy as np

from corridor_map import schema
from corridor_map.context import AppContext
from corridor_map.filters import FilterState, apply
from corridor_map.map.figure import country_label, map_figure
from corridor_map.view_state import ViewState, params_from_query, parse_view
from layers import ENTITY_LAYERS


def matches(context: AppContext, **state) -> set[str]:
    result = apply(
        context.registry.entities,
        context.registry.links,
        FilterState(**state),
        context.filter_index,
    )
    return set(context.registry.entities.index[result.entities])


def test_reg120_country_chn_returns_only_yunnan(context):
    entities = context.registry.entities
    found = matches(context, countries=("CHN",))
    assert found == set(entities.index[(entities["country"] == "CHN") & entities["in_corridor"]])
    assert (entities.loc[list(found), "admin1"] == "Yunnan").all()
    # The Chinese partners elsewhere exist, but a CHN filter never returns them.
    outside = entities[(entities["country"] == "CHN") & ~entities["in_corridor"]]
    assert len(outside) and not (set(outside.index) & found)


def test_reg121_api_country_chn_is_yunnan_only(client, registry):
    body = client.get("/api/v1/entities?country=CHN&format=csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows and {r["admin1"] for r in rows} == {"Yunnan"}
    assert {r["in_corridor"] for r in rows} == {"True"}


def test_reg122_outside_chinese_partner_labelled_with_its_province(registry):
    entities = registry.entities
    beijing = entities[(entities["country"] == "CHN") & (entities["admin1"] == "Beijing")]
    assert len(beijing)
    label = country_label(beijing.iloc[0], "en")
    assert label == "China — Beijing (outside the corridor)"
    # The province in the page language (issue 18): 北京市, not "Beijing".
    assert country_label(beijing.iloc[0], "zh-Hans") == "中国—北京市（走廊之外）"
    yunnan = entities[entities["in_corridor"] & (entities["country"] == "CHN")].iloc[0]
    assert country_label(yunnan, "en") == "China (Yunnan)"


def test_reg123_hover_cards_and_partner_labels_never_call_beijing_yunnan(registry):
    figure = map_figure(
        registry.entities, registry.links, lang="en", style="white-bg", url_for=lambda layer: ""
    )
    cards = [t for trace in figure.data if trace.hovertext is not None for t in trace.hovertext]
    outside = registry.entities[~registry.entities["in_corridor"]]
    for name in outside["name"]:
        card = next(c for c in cards if f"<b>{escape(name)}</b>" in c)
        assert "outside the corridor" in card and "China (Yunnan)" not in card


def test_reg124_new_kinds_have_layers_legend_and_url_vocabulary():
    kinds = {layer.kind for layer in ENTITY_LAYERS}
    assert {"incubator", "demonstration_site"} <= kinds == set(schema.ENTITY_KINDS)
    parsed = parse_view(params_from_query("?kind=incubator,demonstration_site"), ())
    assert parsed.view.filters.kinds == ("incubator", "demonstration_site")
    assert parsed.dropped == []


def test_reg125_status_filter_in_url_and_state(context):
    parsed = parse_view(params_from_query("?status=planned,under_construction"), ())
    filters = parsed.view.filters
    assert parsed.dropped == [] and filters.statuses == ("under_construction", "planned")
    assert parsed.view.query() == "?status=under_construction,planned"
    assert ViewState.from_json(parsed.view.to_json()) == parsed.view  # the explorer's store
    dropped = parse_view(params_from_query("?status=mou"), ()).dropped
    assert [(d.key, d.value) for d in dropped] == [("status", "mou")]
    entities = context.registry.entities
    found = matches(context, statuses=("planned", "under_construction"))
    expected = entities.index[entities["status"].isin(["planned", "under_construction"])]
    assert found == set(expected) and len(found)


def test_reg126_api_and_openapi_know_status(client, registry):
    body = client.get("/api/v1/entities?status=planned&format=csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows and {r["status"] for r in rows} == {"planned"}
    assert {"status", "former_names", "coord_source"} <= set(rows[0])
    assert client.get("/api/v1/entities?status=mou").status_code == 400
    spec = client.get("/api/v1/openapi.json").get_json()
    names = {p["name"] for p in spec["paths"]["/api/v1/entities"]["get"]["parameters"]}
    assert "status" in names


def test_reg127_former_names_are_searchable(context):
    entities = context.registry.entities
    renamed = entities[entities["former_names"] != ""]
    assert len(renamed)
    cadt = renamed[renamed["former_names"].str.contains("NIPTICT")]
    assert len(cadt) == 1
    assert matches(context, query="NIPTICT") >= set(cadt.index)


def test_reg128_not_operating_places_are_drawn_hollow(registry):
    figure = map_figure(
        registry.entities, registry.links, lang="en", style="white-bg", url_for=lambda layer: ""
    )
    by_uid = {trace.uid: trace for trace in figure.data}
    entities = registry.entities
    for layer in ENTITY_LAYERS:
        rows = entities[entities["kind"] == layer.kind]
        if layer.kind not in schema.STATUS_KINDS:
            continue
        centre = by_uid[f"{layer.id}-centre"]
        sizes = np.asarray(centre.marker.size)
        hollow = rows["status"].isin(schema.NOT_OPERATING).to_numpy()
        assert (sizes[hollow] == layer.hollow_size).all()
        assert (sizes[~hollow] == layer.centre_size).all()
    assert entities["status"].isin(schema.NOT_OPERATING).any()


def test_reg129_markers_drawn_at_spread_positions(registry):
    figure = map_figure(
        registry.entities, registry.links, lang="en", style="white-bg", url_for=lambda layer: ""
    )
    points = {
        (round(lon, 6), round(lat, 6))
        for trace in figure.data
        if trace.uid in {layer.id for layer in ENTITY_LAYERS}
        for lon, lat in zip(trace.lon, trace.lat, strict=True)
    }
    assert len(points) == len(registry.entities)  # nothing hidden under another marker


def test_reg130_brief_says_how_many_records_share_a_place(registry):
    from corridor_map.registry import colocated
    from corridor_map.report.brief import key_figures

    result = apply(registry.entities, registry.links, FilterState())
    figures = key_figures(registry, result)
    assert figures.colocated == int(colocated(registry.entities).sum()) > 0
    assert set(figures.by_kind) == set(schema.ENTITY_KINDS)


def test_reg133_brief_names_a_status_filter(registry):
    from corridor_map.report.brief import filters_in_words

    view = ViewState(filters=FilterState(statuses=("planned",)))
    assert filters_in_words(registry, view, "en") == ["Status: Planned"]
