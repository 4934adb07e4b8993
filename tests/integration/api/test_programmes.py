"""The programme filter: vocabulary from links.csv, the filter rule, the URL and the API."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from corridor_map.filters import FilterState
from corridor_map.programmes import (
    link_programme_matrix,
    programme_id,
    programme_names,
    programme_table,
)
from corridor_map.view_state import ViewState, params_from_query, parse_view

LMC = "lancang-mekong-cooperation"


def names_lmc(links: pd.DataFrame) -> pd.Series:
    """Links naming the Lancang-Mekong Cooperation itself (not its Special Fund)."""
    return links["programme"].map(
        lambda text: "Lancang-Mekong Cooperation" in programme_names(text)
    )


def test_mat201_names_split_on_semicolons_and_slashes():
    text = "Belt and Road; China-Asia Cooperation Fund / Lancang-Mekong Cooperation"
    assert programme_names(text) == (
        "Belt and Road",
        "China-Asia Cooperation Fund",
        "Lancang-Mekong Cooperation",
    )
    assert programme_names("") == () and programme_names(None) == ()
    assert programme_names("US Department of the Interior / USAID") == (
        "US Department of the Interior",
        "USAID",
    )
    # A slash without spaces around it is part of a name.
    assert programme_names("Mekong-ROK/KOICA fund") == ("Mekong-ROK/KOICA fund",)
    assert programme_id("MOST China-ASEAN joint laboratory programme") == (
        "most-china-asean-joint-laboratory-programme"
    )


def test_mat202_table_counts_links_per_programme():
    links = pd.DataFrame({"programme": ["A; B", "B", "", "B / C"]})
    table = programme_table(links)
    assert table.set_index("id")["links"].to_dict() == {"a": 1, "b": 3, "c": 1}
    matrix = link_programme_matrix(links, tuple(table["id"]))
    assert matrix.tolist() == [
        [True, True, False],
        [False, True, False],
        [False, False, False],
        [False, True, True],
    ]


def test_mat203_filter_restricts_links_only(context, registry):
    everything = context.result(FilterState())
    lmc = context.result(FilterState(programmes=(LMC,)))
    assert np.array_equal(lmc.entities, everything.entities)
    shown = registry.links[lmc.links]
    assert len(shown) >= 2
    assert names_lmc(shown).all()
    assert lmc.links.sum() == names_lmc(registry.links).sum()


def test_mat204_url_round_trip_and_unknown_value(context):
    parsed = parse_view(
        params_from_query(f"?programme={LMC},belt-and-road,nope&country=LAO"),
        context.sector_ids,
        programmes=context.programme_ids,
    )
    assert parsed.view.filters.programmes == ("belt-and-road", LMC)
    assert [(d.key, d.value) for d in parsed.dropped] == [("programme", "nope")]
    query = parsed.view.query()
    assert query == f"?country=LAO&programme=belt-and-road,{LMC}"
    assert ViewState.from_json(parsed.view.to_json()) == parsed.view


def test_mat205_api_links_and_downloads_follow_the_programme(client, registry):
    body = client.get(f"/api/v1/links?programme={LMC}").get_json()
    expected = names_lmc(registry.links).sum()
    assert len(body["features"]) == expected
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(f"/api/v1/links?programme={LMC}&format=csv").get_data(as_text=True)
            )
        )
    )
    assert len(rows) == expected
    assert client.get("/api/v1/links?programme=no-such-programme").status_code == 400


def test_mat206_programme_limits_the_ties_in_the_matching(client):
    url = "/api/v1/analytics/partners?id=chn-yunnan-normal-university&limit=3"
    every = client.get(url).get_json()["partners"]
    assert any(r["reason"] == "linked" for r in every[0]["reasons"])
    # That link is the MOST China-ASEAN joint laboratory programme's, not the LMC's.
    lmc = client.get(f"{url}&programme={LMC}").get_json()
    assert lmc["filters"]["programme"] == [LMC]
    first = next(p for p in lmc["partners"] if p["id"] == every[0]["id"])
    assert all(r["reason"] != "linked" for r in first["reasons"])


def test_mat207_brief_names_the_programme_in_words(registry):
    from corridor_map.report.brief import filters_in_words

    view = ViewState(FilterState(programmes=(LMC,)))
    assert filters_in_words(registry, view, "en") == ["Programme: Lancang-Mekong Cooperation"]
