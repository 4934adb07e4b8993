"""corridor_map.view_state: one parser and one serialiser for the view a URL describes."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from corridor_map import schema
from corridor_map.filters import FilterState
from corridor_map.view_state import (
    MAX_QUERY_LENGTH,
    ViewState,
    canonical_hide,
    params_from_query,
    parse_view,
)
from layers import TOGGLE_IDS

SECTORS = (
    "agriculture",
    "clean_energy",
    "water",
    "environment",
    "health",
    "digital",
    "industrial_innovation",
    "poverty_alleviation",
    "technology_transfer",
    "entrepreneurship",
    "talent_exchange",
    "joint_rd",
)
IDS = ("lao-nuol", "vnm-hoa-lac-hi-tech-park", "chn-yunnan-university", "tha-nstda")
LANGS = ("", "en", "th", "zh-Hans", "km", "lo", "my", "vi")


def _subset(vocabulary: tuple[str, ...]) -> st.SearchStrategy[tuple[str, ...]]:
    """A subset of ``vocabulary`` in vocabulary order (what canonical() produces)."""
    return st.sets(st.sampled_from(vocabulary)).map(
        lambda chosen: tuple(v for v in vocabulary if v in chosen)
    )


_query = (
    st.text(st.characters(exclude_categories=("Cs",)), max_size=MAX_QUERY_LENGTH + 20)
    .map(lambda text: " ".join(text.split()))
    .filter(lambda text: len(text) <= MAX_QUERY_LENGTH)
)
filters = st.builds(
    FilterState,
    sectors=_subset(SECTORS),
    countries=_subset(schema.COUNTRIES),
    kinds=_subset(schema.ENTITY_KINDS),
    query=_query,
)
views = st.builds(
    ViewState,
    filters=filters,
    selected=st.one_of(st.none(), st.sampled_from(IDS)),
    at=st.sampled_from(("", "18.0000,102.6000,7.50", "-5.5000,100.0000,0.00")),
    hide=_subset(TOGGLE_IDS),
    lang=st.sampled_from(LANGS),
)


def _parse(query: str, extra_keys=()):
    return parse_view(params_from_query(query), SECTORS, IDS, extra_keys)


@settings(deadline=None)
@given(views)
@example(ViewState())
@example(ViewState(FilterState(query="R&D")))
@example(ViewState(FilterState(query="a,b&c=d?e#f+g%20h;i")))
@example(ViewState(FilterState(query="ວຽງຈັນ ป่าไม้ Hà Nội 昆明")))
@example(ViewState(FilterState(query="x" * MAX_QUERY_LENGTH)))
@example(ViewState(FilterState(query="lang=th&id=x")))
def test_vst001_query_round_trips_exactly(view):
    parsed = _parse(view.query())
    assert parsed.dropped == []
    assert parsed.view == view


def test_vst002_ampersand_in_a_value_survives_every_round_trip():
    view = _parse("?q=R%26D&lang=th").view
    assert view.filters.query == "R&D"
    assert view.query() == "?q=R%26D&lang=th"
    assert view.query(slide="2") == "?q=R%26D&lang=th&slide=2"


def test_vst003_default_view_is_the_empty_query():
    assert ViewState().query() == ""
    assert _parse("").view == ViewState()
    assert _parse("?").view == ViewState()


def test_vst004_unknown_values_parameters_ids_layers_and_framings_are_reported():
    parsed = _parse(
        "?sector=water,bogus&country=XXX&colour=red&id=nope&hide=rivers,volcanoes&at=1,2"
    )
    assert parsed.view.filters.sectors == ("water",)
    assert parsed.view.hide == ("rivers",)
    assert parsed.view.selected is None and parsed.view.at == ""
    reasons = {(d.key, d.value): d.reason for d in parsed.dropped}
    assert reasons == {
        ("sector", "bogus"): "unknown value",
        ("country", "XXX"): "unknown value",
        ("colour", "red"): "unknown parameter",
        ("id", "nope"): "no record with this id",
        ("hide", "volcanoes"): "unknown layer",
        ("at", "1,2"): "not a map view (latitude,longitude,zoom)",
    }


def test_vst005_language_is_matched_against_the_shipped_catalogs():
    assert _parse("?lang=th").view.lang == "th"
    assert _parse("?lang=zh-Hans-CN").view.lang == "zh-Hans"
    parsed = _parse("?lang=../../etc")
    assert parsed.view.lang == ""
    assert [(d.key, d.reason) for d in parsed.dropped] == [("lang", "unknown language")]


def test_vst006_too_long_search_text_is_dropped_and_quoted_short():
    parsed = _parse("?q=" + "x" * (MAX_QUERY_LENGTH + 1))
    assert parsed.view.filters.query == ""
    (dropped,) = parsed.dropped
    assert dropped.key == "q" and len(dropped.value) <= 41


def test_vst007_repeated_keys_and_comma_lists_both_accepted_in_vocabulary_order():
    view = _parse("?sector=water&sector=agriculture,water&country=CHN,LAO").view
    assert view.filters.sectors == ("agriculture", "water")
    assert view.filters.countries == ("LAO", "CHN")


def test_vst008_camera_is_kept_in_canonical_form():
    assert _parse("?at=18,102.6,7.5").view.at == "18.0000,102.6000,7.50"


def test_vst009_page_keys_are_returned_not_reported():
    parsed = _parse("?slide=3&country=LAO", extra_keys=("slide",))
    assert parsed.extra == {"slide": "3"} and parsed.dropped == []
    assert [(d.key, d.reason) for d in _parse("?slide=3").dropped] == [
        ("slide", "unknown parameter")
    ]


def test_vst010_selection_is_not_part_of_the_filter():
    view = _parse("?country=LAO&id=lao-nuol").view
    assert view.selected == "lao-nuol"
    assert view.filters == FilterState(countries=("LAO",))
    assert view.only("filters").query() == "?country=LAO"


@settings(deadline=None)
@given(views)
def test_vst011_store_json_round_trips(view):
    assert ViewState.from_json(view.to_json()) == view


def test_vst012_store_json_from_a_hostile_client_is_coerced():
    assert ViewState.from_json(None) == ViewState()
    assert ViewState.from_json("x") == ViewState()
    hostile = {"sectors": "water", "countries": [1], "query": 5, "selected": ["a"], "hide": None}
    assert ViewState.from_json(hostile) == ViewState(FilterState(countries=("1",)))


def test_vst013_hide_is_canonical():
    assert canonical_hide(["rivers", "links", "rd_hub"]) == ("rd_hub", "links", "rivers")
    assert canonical_hide([]) == ()


def test_usb003_country_names_in_any_language_and_case_read_as_codes():
    for spelling, code in [
        ("Laos", "LAO"),
        ("laos", "LAO"),
        ("LAO", "LAO"),
        ("ລາວ", "LAO"),
        ("yunnan", "CHN"),
        ("云南", "CHN"),
        ("CHN", "CHN"),
        ("Viet Nam", "VNM"),
        ("burma", "MMR"),
        ("กัมพูชา", "KHM"),
        ("柬埔寨", "KHM"),
    ]:
        parsed = parse_view({"country": [spelling]}, SECTORS)
        assert parsed.view.filters.countries == (code,), spelling
        assert parsed.dropped == [], spelling
    # Several names at once, canonical and written back as codes.
    parsed = parse_view({"country": ["laos,Yunnan,LAO"]}, SECTORS)
    assert parsed.view.query() == "?country=LAO,CHN"


def test_usb004_an_unknown_value_names_the_closest_known_one():
    parsed = parse_view({"country": ["Loas"], "sector": ["energy"], "kind": ["zzzz"]}, SECTORS)
    hints = {d.key: d.suggestion for d in parsed.dropped}
    assert hints == {"country": "LAO", "sector": "clean_energy", "kind": None}
    assert parsed.dropped[0].problem()["did_you_mean"] == "LAO"
    assert "did_you_mean" not in parsed.dropped[2].problem()
    # "China" alone is not Yunnan (CHN means Yunnan only): suggested, not accepted.
    china = parse_view({"country": ["China"]}, SECTORS)
    assert china.view.filters.countries == () and china.dropped[0].suggestion == "CHN"
