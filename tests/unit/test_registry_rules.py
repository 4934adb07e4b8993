"""One test per rule of the registry validator (corridor_map.registry).

Each defect test copies the shipped ``data/`` folder (base map included) to ``tmp_path``, seeds
ONE defect into a copy of entities.csv / links.csv / sectors.csv, runs ``check`` and asserts the
exact ``data/registry/<file>.csv:<row>:<field>: <message>`` line(s). Field-level defects stop the
check before the (slower, ~1 s) geography step, so most tests take milliseconds; the shipped data
is checked once per module. Test names are greppable: ``test_regNNN_...``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from corridor_map import schema
from corridor_map.registry import Registry, check
from tests.conftest import copy_data, read_csv, register_versions, write_csv

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "data"
TODAY = dt.date.today()
ENTITIES = "data/registry/entities.csv"
LINKS = "data/registry/links.csv"
SECTORS = "data/registry/sectors.csv"
BEIJING = ("116.4", "39.9")
BANGKOK = ("100.5", "13.75")
#: A moved point placed as a site, so that only the rule under test fires (a town or city
#: point moved away from its gazetteer place is a defect of its own, see test_reg104).
AS_SITE = {"location_precision": "site", "coord_source": "test landmark"}


# --------------------------------------------------------------------------- helpers


def edit(data: Path, name: str, record_id: str, /, **changes: str) -> int:
    """Change fields of the record ``record_id`` in ``data/registry/<name>``; return its row."""
    path = data / "registry" / name
    fieldnames, rows = read_csv(path)
    for index, row in enumerate(rows):
        if row["id"] == record_id:
            row.update(changes)
            write_csv(path, fieldnames, rows)
            return index + 2  # row 1 is the header
    raise AssertionError(f"no record {record_id!r} in {name}")


def drop_column(data: Path, name: str, column: str) -> None:
    path = data / "registry" / name
    fieldnames, rows = read_csv(path)
    for row in rows:
        del row[column]
    write_csv(path, [f for f in fieldnames if f != column], rows)


def run_check(data: Path, today: dt.date = TODAY) -> list[str]:
    registry, problems = check(data, today=today)
    if problems:
        assert registry is None, "a registry with problems must not be returned"
    return sorted(str(p) for p in problems)


@functools.cache
def shipped_rows(name: str) -> tuple[dict[str, str], ...]:
    return tuple(read_csv(SHIPPED / "registry" / name)[1])


@functools.cache
def linked_ids() -> frozenset[str]:
    return frozenset(r["from_id"] for r in shipped_rows("links.csv")) | frozenset(
        r["to_id"] for r in shipped_rows("links.csv")
    )


def pick_entity(country: str | None = None, *, linked: bool | None = None, **where: str) -> str:
    """Id of a shipped non-focal entity (not on row 2) matching the conditions."""
    for row in shipped_rows("entities.csv")[1:]:
        if row["kind"] == "focal_point" or (country and row["country"] != country):
            continue
        if linked is not None and (row["id"] in linked_ids()) != linked:
            continue
        if all(row[k] == v for k, v in where.items()):
            return row["id"]
    raise AssertionError(f"no shipped entity with country={country} linked={linked} {where}")


def entity(record_id: str) -> dict[str, str]:
    return next(r for r in shipped_rows("entities.csv") if r["id"] == record_id)


def a_link() -> dict[str, str]:
    """A shipped link (not on row 2) with a start year."""
    return next(r for r in shipped_rows("links.csv")[1:] if r["start_year"])


def only_link_endpoint_noise(problems: list[str], expected: list[str]) -> list[str]:
    """Problems besides ``expected`` that are not cascading 'no entity with id' link problems."""
    cascade = re.compile(rf"^{re.escape(LINKS)}:\d+:(from_id|to_id): no entity with id ")
    return [p for p in problems if p not in expected and not cascade.match(p)]


@functools.cache
def sector_ids() -> list[str]:
    return sorted(r["id"] for r in shipped_rows("sectors.csv"))


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def shipped_copy(tmp_path_factory) -> Path:
    """One module-wide copy of the shipped data (never modified)."""
    return copy_data(tmp_path_factory.mktemp("shipped"))


@pytest.fixture(scope="module")
def shipped_registry(shipped_copy) -> Registry:
    registry, problems = check(shipped_copy, today=TODAY)
    assert problems == [], "\n".join(map(str, problems))
    assert registry is not None
    return registry


@pytest.fixture
def data(tmp_path) -> Path:
    """A fresh copy of the shipped data to break."""
    return copy_data(tmp_path)


# --------------------------------------------------------------------------- shipped data


def test_reg001_shipped_data_passes():
    registry, problems = check(SHIPPED)
    assert [str(p) for p in problems] == []
    assert registry is not None
    assert registry.version <= TODAY.isoformat()


def test_reg002_kind_counts(shipped_registry):
    counts = shipped_registry.entities["kind"].value_counts()
    assert counts.get("rd_hub", 0) >= 60, counts
    assert counts.get("industrial_zone", 0) >= 45, counts
    assert counts.get("hightech_park", 0) >= 20, counts
    assert len(shipped_registry.links) >= 40


def test_reg003_six_focal_points_one_per_country(shipped_registry):
    focal = shipped_registry.entities[shipped_registry.entities["kind"] == "focal_point"]
    assert len(focal) == 6
    assert sorted(focal["country"]) == sorted(schema.COUNTRIES)


def test_reg004_each_country_has_at_least_15_entities(shipped_registry):
    counts = shipped_registry.entities["country"].value_counts()
    short = {c: int(counts.get(c, 0)) for c in schema.COUNTRIES if counts.get(c, 0) < 15}
    assert not short, f"countries with fewer than 15 entities: {short}"


def test_reg005_every_sector_used_by_at_least_5_entities(shipped_registry):
    used = shipped_registry.entities["sectors"].explode().value_counts()
    thin = {s: int(used.get(s, 0)) for s in shipped_registry.sectors["id"] if used.get(s, 0) < 5}
    assert not thin, (
        f"SECTOR COVERAGE: every sector must be used by >= 5 entities; too few for {thin} "
        "(add sourced records for these sectors, or drop the term from sectors.csv)"
    )


def test_reg006_computed_in_corridor(shipped_registry):
    entities = shipped_registry.entities
    kunming = entities[(entities["country"] == "CHN") & (entities["city"] == "Kunming")]
    beijing = entities[(entities["country"] == "CHN") & (entities["city"] == "Beijing")]
    assert len(kunming) and kunming["in_corridor"].all()
    assert len(beijing) and not beijing["in_corridor"].any()
    assert entities[entities["country"] != "CHN"]["in_corridor"].all()


def test_reg007_link_cross_border_khm_chn(shipped_registry):
    links = shipped_registry.links
    khm_chn = links[
        ((links["from_country"] == "KHM") & (links["to_country"] == "CHN"))
        | ((links["from_country"] == "CHN") & (links["to_country"] == "KHM"))
    ]
    assert len(khm_chn)
    assert khm_chn["cross_border"].all()
    same = links[links["from_country"] == links["to_country"]]
    assert not same["cross_border"].any()


def test_reg008_link_outside_corridor_flags_beijing_end(shipped_registry):
    entities, links = shipped_registry.entities, shipped_registry.links
    beijing = set(entities[entities["city"] == "Beijing"].index)
    with_beijing = links[links["from_id"].isin(beijing) | links["to_id"].isin(beijing)]
    assert len(with_beijing)
    assert with_beijing["outside_corridor"].all()
    both_in = entities.loc[links["from_id"], "in_corridor"].to_numpy() & (
        entities.loc[links["to_id"], "in_corridor"].to_numpy()
    )
    assert (links["outside_corridor"].to_numpy() == ~both_in).all()


def test_reg009_link_between_two_yunnan_ends_not_cross_border(data):
    yunnan = [
        r["id"]
        for r in shipped_rows("entities.csv")
        if r["country"] == "CHN" and r["admin1"] == "Yunnan"
    ]
    path = data / "registry" / "links.csv"
    fieldnames, rows = read_csv(path)
    rows.append(
        {
            **rows[0],
            "id": "link-test-two-yunnan-ends",
            "from_id": yunnan[0],
            "to_id": yunnan[1],
            "sources": "https://example.org/two-yunnan-ends",
        }
    )
    write_csv(path, fieldnames, rows)
    register_versions(data)
    registry, problems = check(data, today=TODAY)
    assert [str(p) for p in problems] == []
    link = registry.links.loc["link-test-two-yunnan-ends"]
    assert (link["from_country"], link["to_country"]) == ("CHN", "CHN")
    assert not link["cross_border"]
    assert not link["outside_corridor"]


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize("column", schema.LINK_COLUMNS)
def test_reg010_links_missing_column(data, column):
    drop_column(data, "links.csv", column)
    assert run_check(data) == [f"{LINKS}:1:{column}: column missing from the header"]


@pytest.mark.parametrize("column", schema.ENTITY_COLUMNS)
def test_reg011_entities_missing_column(data, column):
    drop_column(data, "entities.csv", column)
    expected = [f"{ENTITIES}:1:{column}: column missing from the header"]
    problems = run_check(data)
    assert expected[0] in problems
    # No entity rows are read, so link endpoints cascade; nothing else may appear.
    assert only_link_endpoint_noise(problems, expected) == []


@pytest.mark.parametrize("column", ["id", "seed_phrase", "seed_reference"])
def test_reg012_sectors_missing_column(data, column):
    drop_column(data, "sectors.csv", column)
    assert f"{SECTORS}:1:{column}: column missing from the header" in run_check(data)


def test_reg013_links_file_missing(data):
    (data / "registry" / "links.csv").unlink()
    assert run_check(data) == [f"{LINKS}:0:*: file not found"]


def test_reg014_entities_file_missing(data):
    (data / "registry" / "entities.csv").unlink()
    problems = run_check(data)
    expected = [f"{ENTITIES}:0:*: file not found"]
    assert expected[0] in problems
    assert only_link_endpoint_noise(problems, expected) == []


def test_reg015_sectors_file_missing(data):
    (data / "registry" / "sectors.csv").unlink()
    assert f"{SECTORS}:0:*: file not found" in run_check(data)


def test_reg016_entities_not_utf8(data):
    path = data / "registry" / "entities.csv"
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2] + b"\xff" + raw[len(raw) // 2 :])
    problems = run_check(data)
    prefix = (
        f"{ENTITIES}:0:*: cannot be read as UTF-8 CSV: "
        "'utf-8' codec can't decode byte 0xff in position "
    )
    hits = [p for p in problems if p.startswith(prefix)]
    assert len(hits) == 1, problems
    assert only_link_endpoint_noise(problems, hits) == []


def test_reg017_links_latin1_encoded(data):
    path = data / "registry" / "links.csv"
    fieldnames, rows = read_csv(path)
    rows[3]["title"] = "Coopération scientifique"
    write_csv(path, fieldnames, rows)
    text = path.read_text(encoding="utf-8")
    # Write the file as Latin-1 (non-Latin characters, if any, replaced) — not UTF-8 any more.
    path.write_bytes(text.encode("latin-1", errors="replace"))
    problems = run_check(data)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{LINKS}:0:*: cannot be read as UTF-8 CSV: 'utf-8' codec")


def test_reg018_links_row_with_extra_field(data):
    path = data / "registry" / "links.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[5].append("an extra value")
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert run_check(data) == [f"{LINKS}:6:*: more fields than the header has"]


def test_reg019_entities_row_with_extra_field(data):
    path = data / "registry" / "entities.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[10].append("an extra value")
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    problems = run_check(data)
    expected = [f"{ENTITIES}:11:*: more fields than the header has"]
    assert expected[0] in problems
    # Reading stops at the bad row, so later entities go missing and links to them cascade.
    assert only_link_endpoint_noise(problems, expected) == []


# --------------------------------------------------------------------------- required fields, ids


@pytest.mark.parametrize("field", schema.ENTITY_REQUIRED)
def test_reg020_entity_required_field_empty(data, field):
    row = edit(data, "entities.csv", pick_entity("KHM", linked=False), **{field: ""})
    assert run_check(data) == [f"{ENTITIES}:{row}:{field}: required field is empty"]


@pytest.mark.parametrize("field", schema.LINK_REQUIRED)
def test_reg021_link_required_field_empty(data, field):
    row = edit(data, "links.csv", a_link()["id"], **{field: ""})
    assert run_check(data) == [f"{LINKS}:{row}:{field}: required field is empty"]


@pytest.mark.parametrize(
    "bad", ["Bad_Slug", "UPPER", "has space", "trailing-", "-leading", "double--hyphen", "ünï"]
)
def test_reg022_entity_bad_id_slug(data, bad):
    row = edit(data, "entities.csv", pick_entity("LAO", linked=False), id=bad)
    assert run_check(data) == [
        f"{ENTITIES}:{row}:id: expected a lowercase slug (a-z, 0-9, -), got {bad!r}"
    ]


def test_reg023_link_bad_id_slug(data):
    row = edit(data, "links.csv", a_link()["id"], id="Link_One")
    assert run_check(data) == [
        f"{LINKS}:{row}:id: expected a lowercase slug (a-z, 0-9, -), got 'Link_One'"
    ]


def test_reg024_entity_duplicate_id(data):
    first = shipped_rows("entities.csv")[0]["id"]
    row = edit(data, "entities.csv", pick_entity("MMR", linked=False), id=first)
    assert run_check(data) == [f"{ENTITIES}:{row}:id: duplicate id {first!r} (first on row 2)"]


def test_reg025_link_duplicate_id(data):
    first = shipped_rows("links.csv")[0]["id"]
    row = edit(data, "links.csv", a_link()["id"], id=first)
    assert run_check(data) == [f"{LINKS}:{row}:id: duplicate id {first!r} (first on row 2)"]


# --------------------------------------------------------------------------- vocabularies


def test_reg026_unknown_entity_kind(data):
    row = edit(data, "entities.csv", pick_entity("THA"), kind="laboratory")
    assert run_check(data) == [
        f"{ENTITIES}:{row}:kind: expected one of "
        "['rd_hub', 'industrial_zone', 'hightech_park', 'incubator', 'demonstration_site', "
        "'focal_point'], got 'laboratory'"
    ]


def test_reg027_unknown_country(data):
    row = edit(data, "entities.csv", pick_entity("CHN"), country="CN")
    assert run_check(data) == [
        f"{ENTITIES}:{row}:country: expected one of "
        "['KHM', 'LAO', 'MMR', 'THA', 'VNM', 'CHN'], got 'CN'"
    ]


def test_reg028_unknown_location_precision(data):
    row = edit(data, "entities.csv", pick_entity("VNM"), location_precision="exact")
    assert run_check(data) == [
        f"{ENTITIES}:{row}:location_precision: expected one of "
        "['site', 'town', 'city', 'province'], got 'exact'"
    ]


def test_reg029_entity_unknown_sector(data):
    record = pick_entity("KHM")
    row = edit(data, "entities.csv", record, sectors=entity(record)["sectors"] + ";mining")
    assert run_check(data) == [
        f"{ENTITIES}:{row}:sectors: unknown sector 'mining'; expected one of {sector_ids()}"
    ]


def test_reg030_link_unknown_sector(data):
    link = a_link()
    row = edit(data, "links.csv", link["id"], sectors=link["sectors"] + ";Agriculture")
    assert run_check(data) == [
        f"{LINKS}:{row}:sectors: unknown sector 'Agriculture'; expected one of {sector_ids()}"
    ]


def test_reg031_unknown_link_kind(data):
    row = edit(data, "links.csv", a_link()["id"], kind="partnership")
    assert run_check(data) == [
        f"{LINKS}:{row}:kind: expected one of ['joint_lab', 'technology_transfer', "
        "'talent_exchange', 'joint_research', 'infrastructure'], got 'partnership'"
    ]


def test_reg032_unknown_link_status(data):
    row = edit(data, "links.csv", a_link()["id"], status="ongoing")
    assert run_check(data) == [
        f"{LINKS}:{row}:status: expected one of "
        "['active', 'completed', 'planned', 'unknown'], got 'ongoing'"
    ]


# --------------------------------------------------------------------------- coordinates


@pytest.mark.parametrize("field", ["lon", "lat"])
@pytest.mark.parametrize("bad", ["abc", "102,7", "25°N"])
def test_reg033_coordinate_not_a_number(data, field, bad):
    row = edit(data, "entities.csv", pick_entity("LAO"), **{field: bad})
    assert run_check(data) == [f"{ENTITIES}:{row}:{field}: expected a number, got {bad!r}"]


@pytest.mark.parametrize(
    ("field", "bad", "message"),
    [
        ("lon", "200", "expected -180 to 180, got 200.0"),
        ("lon", "-180.5", "expected -180 to 180, got -180.5"),
        ("lat", "91", "expected -90 to 90, got 91.0"),
        ("lat", "-90.01", "expected -90 to 90, got -90.01"),
        ("lat", "nan", "expected -90 to 90, got nan"),
    ],
)
def test_reg034_coordinate_out_of_range(data, field, bad, message):
    row = edit(data, "entities.csv", pick_entity("MMR"), **{field: bad})
    assert run_check(data) == [f"{ENTITIES}:{row}:{field}: {message}"]


# --------------------------------------------------------------------------- sources and dates


@pytest.mark.parametrize(
    ("source", "url"),
    [
        ("htp://example.org/page", "htp://example.org/page"),
        ("https://", "https://"),
        ("see ftp://example.org/file.pdf (annual report)", "ftp://example.org/file.pdf"),
    ],
)
def test_reg035_entity_malformed_source_url(data, source, url):
    record = pick_entity("THA")
    row = edit(data, "entities.csv", record, sources=f"{entity(record)['sources']} | {source}")
    assert run_check(data) == [f"{ENTITIES}:{row}:sources: malformed URL {url!r}"]


def test_reg036_link_malformed_source_url(data):
    row = edit(data, "links.csv", a_link()["id"], sources="http:///no-host")
    assert run_check(data) == [f"{LINKS}:{row}:sources: malformed URL 'http:///no-host'"]


def test_reg037_citation_too_short(data):
    record = pick_entity("VNM")
    row = edit(data, "entities.csv", record, sources=f"{entity(record)['sources']} | Ref 1")
    assert run_check(data) == [f"{ENTITIES}:{row}:sources: citation too short to find: 'Ref 1'"]


def test_reg038_citation_in_words_accepted(data):
    edit(
        data,
        "entities.csv",
        pick_entity("VNM"),
        sources="Vietnam Ministry of Science and Technology, annual report 2023, p. 12",
    )
    assert run_check(data) == []


@pytest.mark.parametrize("bad", ["24/11/2026", "2026-13-01", "2026-02-30", "yesterday"])
def test_reg039_bad_last_verified_format(data, bad):
    row = edit(data, "entities.csv", pick_entity("KHM"), last_verified=bad)
    assert run_check(data) == [f"{ENTITIES}:{row}:last_verified: expected YYYY-MM-DD, got {bad!r}"]


def test_reg040_link_bad_last_verified_format(data):
    row = edit(data, "links.csv", a_link()["id"], last_verified="Nov 2026")
    assert run_check(data) == [f"{LINKS}:{row}:last_verified: expected YYYY-MM-DD, got 'Nov 2026'"]


def test_reg041_future_last_verified(data):
    tomorrow = TODAY + dt.timedelta(days=1)
    row = edit(data, "entities.csv", pick_entity("LAO"), last_verified=tomorrow.isoformat())
    assert run_check(data) == [f"{ENTITIES}:{row}:last_verified: date {tomorrow} is in the future"]


def test_reg042_link_future_last_verified(data):
    row = edit(data, "links.csv", a_link()["id"], last_verified="2999-01-01")
    assert run_check(data) == [f"{LINKS}:{row}:last_verified: date 2999-01-01 is in the future"]


def test_reg043_future_relative_to_given_today(shipped_copy):
    """``today`` is a parameter: the shipped dates lie in the future of an earlier day."""
    problems = run_check(shipped_copy, today=dt.date(2000, 1, 1))
    future = [p for p in problems if re.search(r":\d+:last_verified: date .* is in the future$", p)]
    records = len(shipped_rows("entities.csv")) + len(shipped_rows("links.csv"))
    assert len(future) == records
    # The only other problems are years after 2010 (2000 + 10), also judged against ``today``.
    others = [p for p in problems if p not in future]
    assert all(re.search(r":(established|start_year): expected a year between", p) for p in others)


# --------------------------------------------------------------------------- years, website


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("19x5", "expected a four-digit year, got '19x5'"),
        ("95", "expected a four-digit year, got '95'"),
        ("2020.0", "expected a four-digit year, got '2020.0'"),
        ("1799", f"expected a year between 1800 and {TODAY.year + 10}, got 1799"),
        (str(TODAY.year + 11), f"expected a year between 1800 and {TODAY.year + 10}, got "),
    ],
)
def test_reg044_bad_established_year(data, bad, message):
    row = edit(data, "entities.csv", pick_entity("MMR"), established=bad)
    if message.endswith("got "):
        message += bad
    assert run_check(data) == [f"{ENTITIES}:{row}:established: {message}"]


@pytest.mark.parametrize("year", ["1800", str(TODAY.year + 10)])
def test_reg045_established_year_bounds_accepted(data, year):
    edit(data, "entities.csv", pick_entity("MMR"), established=year)
    assert run_check(data) == []


@pytest.mark.parametrize(
    "bad", ["www.example.org", "example.org", "ftp://example.org", "https://exa mple.org"]
)
def test_reg046_malformed_website(data, bad):
    row = edit(data, "entities.csv", pick_entity("THA"), website=bad)
    assert run_check(data) == [f"{ENTITIES}:{row}:website: malformed URL {bad!r}"]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("20x4", "expected a four-digit year, got '20x4'"),
        ("1700", f"expected a year between 1800 and {TODAY.year + 10}, got 1700"),
    ],
)
def test_reg047_bad_link_start_year(data, bad, message):
    row = edit(data, "links.csv", a_link()["id"], start_year=bad)
    assert run_check(data) == [f"{LINKS}:{row}:start_year: {message}"]


# --------------------------------------------------------------------------- link endpoints


@pytest.mark.parametrize("end", ["from_id", "to_id"])
def test_reg048_link_endpoint_does_not_exist(data, end):
    row = edit(data, "links.csv", a_link()["id"], **{end: "no-such-entity"})
    assert run_check(data) == [f"{LINKS}:{row}:{end}: no entity with id 'no-such-entity'"]


def test_reg049_self_link(data):
    link = a_link()
    row = edit(data, "links.csv", link["id"], to_id=link["from_id"])
    assert run_check(data) == [f"{LINKS}:{row}:to_id: a link cannot join an entity to itself"]


# --------------------------------------------------------------------------- geography (~1 s each)


def test_reg050_point_outside_its_unit(data):
    """A (linked) Lao entity moved to Bangkok lies outside LAO."""
    record = pick_entity("LAO", linked=True)
    row = edit(data, "entities.csv", record, lon=BANGKOK[0], lat=BANGKOK[1], **AS_SITE)
    problems = run_check(data)
    assert len(problems) == 1, problems
    assert re.fullmatch(
        rf"{re.escape(ENTITIES)}:{row}:lon: point \(100\.5, 13\.75\) lies \d+ km outside LAO",
        problems[0],
    ), problems


def test_reg051_wrong_admin1(data):
    record = pick_entity("LAO")
    actual = entity(record)["admin1"]
    wrong = "Champasak" if actual != "Champasak" else "Vientiane"
    row = edit(data, "entities.csv", record, admin1=wrong)
    assert run_check(data) == [
        f"{ENTITIES}:{row}:admin1: expected {actual!r} (the base map's province at this point), "
        f"got {wrong!r}"
    ]


def test_reg052_outside_corridor_chn_entity_not_linked(data):
    """A Yunnan entity moved to Beijing that is no link's end and no focal point."""
    record = pick_entity("CHN", linked=False, admin1="Yunnan")
    row = edit(
        data, "entities.csv", record, lon=BEIJING[0], lat=BEIJING[1], city="Beijing", **AS_SITE
    )
    assert run_check(data) == [
        f"{ENTITIES}:{row}:lon: outside the corridor (not in Yunnan) and not the end of any link"
    ]


def test_reg053_outside_corridor_chn_entity_as_link_end_allowed(data):
    record = pick_entity("CHN", linked=True, admin1="Yunnan")
    edit(data, "entities.csv", record, lon=BEIJING[0], lat=BEIJING[1], city="Beijing", **AS_SITE)
    registry, problems = check(data, today=TODAY)
    assert [str(p) for p in problems] == []
    assert not registry.entities.at[record, "in_corridor"]
    links = registry.links
    ends = links[(links["from_id"] == record) | (links["to_id"] == record)]
    assert len(ends) and ends["outside_corridor"].all()


# --------------------------------------------------------------------------- CLI and app


def _broken_copy(tmp_path: Path) -> tuple[Path, str]:
    data = copy_data(tmp_path)
    row = edit(data, "links.csv", a_link()["id"], status="ongoing")
    line = (
        f"{LINKS}:{row}:status: expected one of "
        "['active', 'completed', 'planned', 'unknown'], got 'ongoing'"
    )
    return data, line


def test_reg054_cli_reports_problems_and_exits_1(tmp_path):
    data, line = _broken_copy(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "corridor_map.registry", "check", "--data-dir", str(data)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [line]
    assert "1 problem(s) found" in result.stderr


def test_reg055_cli_exits_0_on_shipped_data():
    result = subprocess.run(
        [sys.executable, "-m", "corridor_map.registry", "check", "--data-dir", str(SHIPPED)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("registry OK:")


def test_reg056_app_refuses_to_start_on_broken_data(tmp_path):
    data, line = _broken_copy(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", "import app"],
        env={**os.environ, "CORRIDOR_DATA_DIR": str(data)},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert line in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- regressions
# Each of these once failed: found by seeding defects, fixed in corridor_map/registry.py.


def test_reg057_point_outside_its_unit_reported_once(data):
    record = pick_entity("LAO", linked=False)
    edit(data, "entities.csv", record, lon=BANGKOK[0], lat=BANGKOK[1], **AS_SITE)
    problems = run_check(data)
    assert len(problems) == 1, problems


@pytest.mark.parametrize("bad", ["20261101", "2026-W45-2"])
def test_reg058_last_verified_must_be_extended_format(data, bad):
    row = edit(data, "entities.csv", pick_entity("KHM"), last_verified=bad)
    assert run_check(data) == [f"{ENTITIES}:{row}:last_verified: expected YYYY-MM-DD, got {bad!r}"]


def test_reg059_link_with_both_ends_outside_corridor_rejected(data):
    outside = [
        r["id"]
        for r in shipped_rows("entities.csv")
        if r["country"] == "CHN" and r["admin1"] != "Yunnan"
    ]
    path = data / "registry" / "links.csv"
    fieldnames, rows = read_csv(path)
    rows.append(
        {
            **rows[0],
            "id": "link-test-both-ends-outside",
            "from_id": outside[0],
            "to_id": outside[1],
            "sources": "https://example.org/both-ends-outside",
        }
    )
    write_csv(path, fieldnames, rows)
    register_versions(data)
    problems = run_check(data)
    assert any(p.startswith(f"{LINKS}:{len(rows) + 1}:") for p in problems), problems


def test_reg060_source_url_missing_slash(data):
    row = edit(data, "entities.csv", pick_entity("THA"), sources="http:/example.org/page")
    assert run_check(data) == [f"{ENTITIES}:{row}:sources: malformed URL 'http:/example.org/page'"]


def test_reg061_row_number_is_line_after_multiline_field(data):
    path = data / "registry" / "entities.csv"
    fieldnames, rows = read_csv(path)
    rows[0]["description"] += "\nSecond line of the description."
    rows[5]["kind"] = "laboratory"
    write_csv(path, fieldnames, rows)
    problems = run_check(data)
    assert len(problems) == 1
    assert problems[0].startswith(f"{ENTITIES}:8:kind: ")  # header + 2-line record + 5 records


# --------------------------------------------------------------------------- second edition


def add_row(data: Path, name: str, row: dict[str, str]) -> int:
    """Append ``row`` to ``data/registry/<name>``; return its row number."""
    path = data / "registry" / name
    fieldnames, rows = read_csv(path)
    rows.append({k: row.get(k, "") for k in fieldnames})
    write_csv(path, fieldnames, rows)
    register_versions(data)
    return len(rows) + 1


def pick_row(name: str, **where: str) -> dict[str, str]:
    """A shipped row (not on row 2) whose fields equal ``where``."""
    rows = shipped_rows(name)[1:]
    return dict(next(r for r in rows if all(r[k] == v for k, v in where.items())))


def test_reg101_zone_without_stated_status_accepted(data):
    """A status no source states is left empty, never guessed."""
    record = pick_row("entities.csv", kind="industrial_zone", status="operating")["id"]
    edit(data, "entities.csv", record, status="")
    assert run_check(data) == []


def test_reg102_status_on_a_kind_without_one(data):
    record = pick_row("entities.csv", kind="rd_hub")["id"]
    row = edit(data, "entities.csv", record, status="operating")
    assert run_check(data) == [
        f"{ENTITIES}:{row}:status: only industrial_zone, hightech_park, incubator carry a "
        "status, not a rd_hub"
    ]


def test_reg103_unknown_status(data):
    record = pick_row("entities.csv", kind="hightech_park")["id"]
    row = edit(data, "entities.csv", record, status="mou_signed")
    assert run_check(data) == [
        f"{ENTITIES}:{row}:status: expected one of "
        "['operating', 'under_construction', 'planned', 'suspended'], got 'mou_signed'"
    ]


def test_reg104_town_point_far_from_its_gazetteer_place(data):
    """Densavan drawn on the Thai side: a town point 60 km west of its GeoNames place."""
    shipped = pick_row("entities.csv", country="LAO", location_precision="town")
    lon = f"{float(shipped['lon']) - 0.6:.4f}"
    row = edit(data, "entities.csv", shipped["id"], lon=lon)
    problems = [p for p in run_check(data) if ":admin1:" not in p and "outside LAO" not in p]
    assert len(problems) == 1, problems
    assert re.fullmatch(
        rf"{re.escape(ENTITIES)}:{row}:lon: town point lies \d+\.\d km from its gazetteer "
        r"place .+ \(\d+; tolerance 3 km\)",
        problems[0],
    ), problems


def test_reg105_city_within_tolerance_accepted(data):
    shipped = pick_row("entities.csv", country="THA", location_precision="city")
    edit(data, "entities.csv", shipped["id"], lat=f"{float(shipped['lat']) + 0.05:.4f}")
    assert [p for p in run_check(data) if ":admin1:" not in p] == []


def test_reg106_geonames_id_not_in_gazetteer(data):
    record = pick_row("entities.csv", location_precision="city")["id"]
    row = edit(data, "entities.csv", record, coord_source="geonames:1")
    assert run_check(data) == [f"{ENTITIES}:{row}:coord_source: no place 1 in the gazetteer"]


def test_reg107_gazetteer_place_in_another_country(data):
    lao = pick_row("entities.csv", country="LAO", location_precision="city")
    tha = pick_row("entities.csv", country="THA", location_precision="city")
    row = edit(data, "entities.csv", lao["id"], coord_source=tha["coord_source"])
    problems = run_check(data)
    assert len(problems) == 1 and problems[0].startswith(f"{ENTITIES}:{row}:coord_source: ")
    assert problems[0].endswith("is in TH, not in LAO"), problems


@pytest.mark.parametrize("precision", ["town", "city"])
def test_reg108_town_or_city_without_geonames_source(data, precision):
    record = pick_row("entities.csv", location_precision=precision)["id"]
    row = edit(data, "entities.csv", record, coord_source="Google Maps")
    assert run_check(data) == [
        f"{ENTITIES}:{row}:coord_source: a {precision} point names its gazetteer place as "
        "'geonames:<geonameid>' (a note in brackets may follow), got 'Google Maps'"
    ]


def test_reg109_site_without_coordinate_source(data):
    record = pick_row("entities.csv", location_precision="site")["id"]
    row = edit(data, "entities.csv", record, coord_source="")
    assert run_check(data) == [
        f"{ENTITIES}:{row}:coord_source: a site needs its coordinate source "
        "(a cited URL or the named landmark)"
    ]


def test_reg110_near_duplicate_entity(data):
    """The same zone entered twice, once spelt "Co-operation", 1 km apart."""
    original = pick_row("entities.csv", kind="industrial_zone", country="CHN")
    twin = {
        **original,
        "id": original["id"] + "-twin",
        "name": original["name"].replace("Cooperation", "Co-operation") + " ",
        "name_local": "",
        "lat": f"{float(original['lat']) + 0.009:.4f}",
        "location_precision": "site",
        "coord_source": "test landmark",
    }
    row = add_row(data, "entities.csv", twin)
    first = (
        next(
            i
            for i, r in enumerate(read_csv(data / "registry/entities.csv")[1])
            if r["id"] == original["id"]
        )
        + 2
    )
    assert run_check(data) == [
        f"{ENTITIES}:{row}:name: near-duplicate of {original['id']!r} (row {first}): "
        "similar name within 2 km"
    ]


def test_reg111_similar_names_tell_different_places_apart():
    from corridor_map.registry import similar_names

    assert similar_names(
        "Hekou Border Economic Cooperation Zone", "Hekou Border Economic Co-operation Zone"
    )
    assert similar_names("Savan-Seno SEZ", "Savan Seno SEZ")
    assert not similar_names("Kunming Institute of Botany", "Kunming Institute of Zoology")
    assert not similar_names("Kunming University", "Kunming Medical University")


def _twin_link(original: dict[str, str], **changes: str) -> dict[str, str]:
    return {**original, "id": original["id"] + "-twin", **changes}


def test_reg112_duplicate_link_same_pair_same_programme(data):
    original = pick_row("links.csv", kind="joint_research")
    twin = _twin_link(
        original, from_id=original["to_id"], to_id=original["from_id"], title="Another wording"
    )
    row = add_row(data, "links.csv", twin)
    problems = run_check(data)
    assert len(problems) == 1 and problems[0].startswith(
        f"{LINKS}:{row}:id: duplicate of link {original['id']!r} (row "
    ), problems
    assert "same pair of ends" in problems[0]


def test_reg113_duplicate_link_near_equal_title(data):
    original = pick_row("links.csv", kind="joint_lab")
    twin = _twin_link(
        original,
        title=original["title"] + ".",
        programme="Some other programme",
        kind="joint_research",
    )
    row = add_row(data, "links.csv", twin)
    problems = run_check(data)
    assert len(problems) == 1 and problems[0].startswith(f"{LINKS}:{row}:id: duplicate of link ")
    assert "title similarity 1.00" in problems[0], problems


def test_reg114_duplicate_link_active_and_planned_twins(data):
    """Hekou-Lao Cai: one row 'active' without a programme, its twin 'planned' with one."""
    original = pick_row("links.csv", kind="infrastructure", programme="")
    twin = _twin_link(
        original,
        title="Border gate pair and planned cross-border zone",
        status="planned",
        programme="Two Corridors, One Belt",
    )
    row = add_row(data, "links.csv", twin)
    problems = run_check(data)
    assert problems == [
        f"{LINKS}:{row}:id: duplicate of link {original['id']!r} (row "
        f"{[r['id'] for r in shipped_rows('links.csv')].index(original['id']) + 2}): same pair "
        "of ends, same kind 'infrastructure' and a programme only in one"
    ]


def test_reg115_distinct_links_on_one_pair_accepted(data):
    original = pick_row("links.csv", kind="joint_lab")
    twin = _twin_link(
        original,
        title="Researcher exchange on river fisheries",
        kind="talent_exchange",
        programme="A different programme",
    )
    add_row(data, "links.csv", twin)
    assert run_check(data) == []


def test_reg116_province_share_above_five_percent(data):
    path = data / "registry" / "entities.csv"
    fieldnames, rows = read_csv(path)
    limit = int(len(rows) * schema.PROVINCE_MAX_SHARE)
    already = sum(r["location_precision"] == "province" for r in rows)
    for r in [r for r in rows if r["location_precision"] == "site"][: limit - already + 1]:
        r["location_precision"] = "province"
    write_csv(path, fieldnames, rows)
    assert run_check(data) == [
        f"{ENTITIES}:0:location_precision: {limit + 1} of {len(rows)} records "
        f"({(limit + 1) / len(rows):.1%}) are placed only at province level; "
        f"at most {schema.PROVINCE_MAX_SHARE:.0%} may be"
    ]


def test_reg117_gazetteer_holds_every_place_the_registry_names(shipped_registry):
    from corridor_map.registry import geonames_id, load_gazetteer

    gazetteer = load_gazetteer(SHIPPED / "places" / "gazetteer.csv")
    named = {geonames_id(s) for s in shipped_registry.entities["coord_source"]} - {None}
    assert named == set(gazetteer.index)  # the committed subset: exactly what is used
    assert list(gazetteer.columns) == ["name", "country", "lat", "lon"]


def test_reg118_colocated_records_are_spread_apart(shipped_registry):
    from corridor_map.registry import colocated

    entities = shipped_registry.entities
    shared = colocated(entities)
    assert shared.any()
    drawn = set(zip(entities["map_lon"].round(6), entities["map_lat"].round(6), strict=True))
    assert len(drawn) == len(entities)  # no two records drawn on one spot
    offset = (entities["map_lon"] - entities["lon"]).abs() + (
        entities["map_lat"] - entities["lat"]
    ).abs()
    assert (offset[~shared] == 0).all() and offset.max() < 0.3


def test_reg119_chinese_records_outside_yunnan_are_their_own_unit(shipped_registry):
    entities = shipped_registry.entities
    outside = entities[(entities["country"] == "CHN") & ~entities["in_corridor"]]
    assert len(outside) and (outside["unit"] == schema.OUTSIDE_UNIT).all()
    inside = entities[entities["in_corridor"]]
    assert (inside["unit"] == inside["country"]).all()
    links = shipped_registry.links
    assert set(links["from_unit"]) | set(links["to_unit"]) <= set(schema.REPORT_UNITS)


def test_reg131_nay_pyi_taw_named_although_the_base_map_draws_no_such_unit(data):
    """Nay Pyi Taw records carried admin1 "Mandalay"; the Union Territory is their unit."""
    record = pick_row("entities.csv", country="MMR", admin1="Nay Pyi Taw")["id"]
    assert run_check(data) == []  # shipped rows name Nay Pyi Taw
    row = edit(data, "entities.csv", record, admin1="Yangon")
    assert run_check(data) == [
        f"{ENTITIES}:{row}:admin1: expected 'Mandalay' (the base map's province at this point), "
        "got 'Yangon'"
    ]
    # Nay Pyi Taw is accepted only where the base map's Mandalay polygon holds the point.
    yangon = pick_row("entities.csv", country="MMR", admin1="Yangon")["id"]
    row = edit(data, "entities.csv", yangon, admin1="Nay Pyi Taw")
    assert (
        f"{ENTITIES}:{row}:admin1: expected 'Yangon' (the base map's province at this point), "
        "got 'Nay Pyi Taw'" in run_check(data)
    )


def test_reg132_admin1_of_a_neighbour_within_tolerance_accepted(data):
    """Can Tho University sits in Natural Earth's Hau Giang polygon; its true province stands."""
    record = pick_row("entities.csv", country="VNM", admin1="Can Tho")["id"]
    assert run_check(data) == []
    row = edit(data, "entities.csv", record, admin1="Sóc Trăng")  # a neighbour further off
    assert run_check(data) == [
        f"{ENTITIES}:{row}:admin1: expected 'Hau Giang' (the base map's province at this "
        "point), got 'Sóc Trăng'"
    ]
