"""Tests for corridor_map.url_state: query string <-> FilterState round trip and notices."""

from __future__ import annotations

import csv
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from corridor_map import schema
from corridor_map.filters import FilterState
from corridor_map.url_state import MAX_QUERY_LENGTH, Dropped, parse, to_query

SECTORS_CSV = Path(__file__).resolve().parents[2] / "data" / "registry" / "sectors.csv"
FALLBACK_SECTORS = (
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


def _shipped_sectors() -> tuple[str, ...]:
    if not SECTORS_CSV.is_file():
        return FALLBACK_SECTORS
    with SECTORS_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(row["id"] for row in csv.DictReader(handle))


SECTORS = _shipped_sectors()
IDS = ("lao-nuol", "vnm-hoa-lac-hi-tech-park", "chn-yunnan-university", "tha-nstda")


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

states = st.builds(
    FilterState,
    sectors=_subset(SECTORS),
    countries=_subset(schema.COUNTRIES),
    kinds=_subset(schema.ENTITY_KINDS),
    query=_query,
    selected=st.one_of(st.none(), st.sampled_from(IDS)),
)


def test_url001_sector_vocabulary_loaded():
    assert len(SECTORS) >= 5
    assert len(set(SECTORS)) == len(SECTORS)


@given(states)
@example(FilterState())
@example(FilterState(query="a,b&c=d?e#f+g%20h;i"))
@example(FilterState(query="ວຽງຈັນ ป่าไม้ Hà Nội 昆明"))
@example(FilterState(query="x" * MAX_QUERY_LENGTH))
@example(FilterState(query="0"))
@example(FilterState(query="lang=th&id=x"))
@example(FilterState(sectors=SECTORS, countries=schema.COUNTRIES, kinds=schema.ENTITY_KINDS))
def test_url001_round_trip(state):
    assert state.canonical(SECTORS) == state  # the strategy yields canonical states
    assert parse(to_query(state), SECTORS, IDS) == (state, [])
    # Without the id vocabulary too.
    assert parse(to_query(state), SECTORS) == (state, [])


@given(states)
def test_url001_round_trip_with_lang_passthrough(state):
    query = to_query(state, {"lang": "th"})
    assert query.startswith("?")
    assert "lang=th" in query
    assert parse(query, SECTORS, IDS) == (state, [])


def test_url001_default_state_is_empty_query():
    assert to_query(FilterState()) == ""
    assert to_query(FilterState(), {"lang": ""}) == ""
    assert parse("", SECTORS, IDS) == (FilterState(), [])
    assert parse("?", SECTORS, IDS) == (FilterState(), [])


def test_url001_example_from_docstring():
    state, dropped = parse(
        "?sector=clean_energy,agriculture&country=LAO,CHN&kind=rd_hub&q=solar&id=lao-nuol",
        SECTORS,
        IDS,
    )
    assert dropped == []
    assert state == FilterState(
        sectors=("agriculture", "clean_energy"),
        countries=("LAO", "CHN"),
        kinds=("rd_hub",),
        query="solar",
        selected="lao-nuol",
    )
    assert to_query(state) == (
        "?sector=agriculture,clean_energy&country=LAO,CHN&kind=rd_hub&q=solar&id=lao-nuol"
    )


def test_url001_leading_question_mark_optional():
    assert parse("country=LAO", SECTORS) == parse("?country=LAO", SECTORS)
    assert parse("country=LAO", SECTORS)[0].countries == ("LAO",)


def test_url001_unknown_values_dropped():
    state, dropped = parse("?sector=water,plasma&country=LAO,XYZ&kind=rd_hub,castle", SECTORS, IDS)
    assert state == FilterState(sectors=("water",), countries=("LAO",), kinds=("rd_hub",))
    assert dropped == [
        Dropped("sector", "plasma", "unknown value"),
        Dropped("country", "XYZ", "unknown value"),
        Dropped("kind", "castle", "unknown value"),
    ]


def test_url001_values_are_case_sensitive():
    state, dropped = parse("?country=lao&sector=Water", SECTORS)
    assert state == FilterState()
    assert Dropped("country", "lao", "unknown value") in dropped
    assert Dropped("sector", "Water", "unknown value") in dropped


def test_url001_unknown_parameter_noted():
    state, dropped = parse("?country=LAO&zoom=5", SECTORS, IDS)
    assert state == FilterState(countries=("LAO",))
    assert dropped == [Dropped("zoom", "5", "unknown parameter")]


def test_url001_lang_passes_through_without_notice():
    state, dropped = parse("?lang=th&country=THA", SECTORS, IDS)
    assert state == FilterState(countries=("THA",))
    assert dropped == []
    assert parse("?lang=zz", SECTORS, IDS) == (FilterState(), [])


def test_url001_too_long_query_dropped():
    long_q = "a" * (MAX_QUERY_LENGTH + 1)
    state, dropped = parse(f"?q={long_q}&country=LAO", SECTORS, IDS)
    assert state == FilterState(countries=("LAO",))
    assert len(dropped) == 1
    assert dropped[0].key == "q"
    assert dropped[0].reason == f"longer than {MAX_QUERY_LENGTH} characters"
    assert len(dropped[0].value) < len(long_q)
    # Exactly the limit is kept.
    ok_q = "a" * MAX_QUERY_LENGTH
    assert parse(f"?q={ok_q}", SECTORS, IDS) == (FilterState(query=ok_q), [])


def test_url001_query_whitespace_collapsed():
    state, dropped = parse("?q=++solar+++panel++", SECTORS)
    assert dropped == []
    assert state.query == "solar panel"
    # Only whitespace: nothing to search.
    assert parse("?q=+++", SECTORS) == (FilterState(), [])


def test_url001_unknown_id_dropped():
    state, dropped = parse("?id=no-such-thing&country=VNM", SECTORS, IDS)
    assert state == FilterState(countries=("VNM",))
    assert dropped == [Dropped("id", "no-such-thing", "no record with this id")]
    state, dropped = parse("?id=lao-nuol", SECTORS, IDS)
    assert state == FilterState(selected="lao-nuol")
    assert dropped == []


def test_url001_repeated_keys_and_comma_lists_both_accepted():
    repeated = parse("?sector=water&sector=agriculture&country=VNM&country=LAO", SECTORS)
    commas = parse("?sector=water,agriculture&country=VNM,LAO", SECTORS)
    mixed = parse("?sector=water&sector=agriculture,water&country=VNM,LAO&country=LAO", SECTORS)
    expected = (FilterState(sectors=("agriculture", "water"), countries=("LAO", "VNM")), [])
    assert repeated == expected
    assert commas == expected
    assert mixed == expected


def test_url001_encoded_commas_and_blanks():
    # %2C decodes to a comma and still splits; empty parts are ignored.
    state, dropped = parse("?country=LAO%2CVNM,,&sector=", SECTORS)
    assert state == FilterState(countries=("LAO", "VNM"))
    assert dropped == []


def test_url001_sector_order_from_vocabulary():
    order = ("water", "agriculture")
    state, _ = parse("?sector=agriculture,water", order)
    assert state.sectors == ("water", "agriculture")
