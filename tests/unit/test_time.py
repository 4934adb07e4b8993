"""The corridor over time: the year and since filters, the view state, growth and versions."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from corridor_map.analytics.growth import MILESTONES, growth, growth_figure
from corridor_map.filters import FilterState
from corridor_map.registry import check
from corridor_map.settings import REPO_ROOT
from corridor_map.view_state import ViewState, params_from_query, parse_view
from tests.conftest import copy_data, read_csv, write_csv

REGISTRY = REPO_ROOT / "data" / "registry"
SEEDS = REPO_ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def csv_frames():
    """The registry CSVs as the files hold them, with versions.csv joined."""
    entities = pd.read_csv(REGISTRY / "entities.csv", dtype={"established": "Int64"})
    links = pd.read_csv(REGISTRY / "links.csv", dtype={"start_year": "Int64"})
    versions = pd.read_csv(REGISTRY / "versions.csv", dtype=str)
    by_table = {t: v.set_index("id") for t, v in versions.groupby("table")}
    entities = entities.join(by_table["entity"][["added", "changed"]], on="id")
    links = links.join(by_table["link"][["added", "changed"]], on="id")
    return entities, links


def _ids(frame: pd.DataFrame, mask) -> set[str]:
    return set(frame["id"][mask])


def test_tim001_year_keeps_records_established_and_links_started_by_then(context, csv_frames):
    entities, links = csv_frames
    result = context.result(FilterState(year=2012))
    registry = context.registry
    expected = entities[entities["established"].notna() & (entities["established"] <= 2012)]
    assert _ids(registry.entities, result.entities) == set(expected["id"])
    dated = set(expected["id"])
    started = links[links["start_year"].notna() & (links["start_year"] <= 2012)]
    touching = started[started["from_id"].isin(dated) | started["to_id"].isin(dated)]
    assert _ids(registry.links, result.links) == set(touching["id"])
    assert 0 < len(expected) < len(entities)


def test_tim002_undated_records_are_counted_not_shown(context, csv_frames):
    entities, _ = csv_frames
    undated = entities["established"].isna()
    assert context.filter_index.undated(FilterState(year=2012)) == int(undated.sum())
    lao = FilterState(countries=("LAO",), year=2016)
    in_lao = context.registry.entities["unit"] == "LAO"
    assert context.filter_index.undated(lao) == int((undated.to_numpy() & in_lao.to_numpy()).sum())
    shown = context.registry.entities[context.result(lao).entities]
    assert shown["established"].notna().all() and (shown["established"] <= 2016).all()


def test_tim003_since_keeps_what_was_added_or_changed_from_that_date(context, csv_frames):
    entities, links = csv_frames
    dates = sorted(set(entities["changed"]) | set(links["changed"]))
    since = dates[-1]
    result = context.result(FilterState(since=since))
    assert _ids(context.registry.entities, result.entities) == set(
        entities["id"][entities["changed"] >= since]
    )
    assert _ids(context.registry.links, result.links) == set(links["id"][links["changed"] >= since])
    # A date after every version keeps nothing.
    assert not context.result(FilterState(since="2999-01-01")).entities.any()


def test_tim004_year_and_since_in_the_url_round_trip_and_bad_values_are_named(context):
    parsed = parse_view(
        params_from_query("?country=LAO&year=2016&since=2026-11-01"), context.sector_ids
    )
    assert parsed.dropped == []
    assert parsed.view.filters == FilterState(countries=("LAO",), year=2016, since="2026-11-01")
    assert parsed.view.query() == "?country=LAO&year=2016&since=2026-11-01"
    assert ViewState.from_json(parsed.view.to_json()) == parsed.view
    bad = parse_view(params_from_query("?year=abc&since=yesterday"), context.sector_ids).dropped
    assert [(d.key, d.value) for d in bad] == [("year", "abc"), ("since", "yesterday")]
    for value in ("99999", "1799", "20x6"):
        dropped = parse_view({"year": [value]}, context.sector_ids).dropped
        assert [d.key for d in dropped] == ["year"], value
    assert parse_view({"since": ["2026-02-31"]}, context.sector_ids).dropped[0].key == "since"
    # A crafted store cannot smuggle an out-of-range year in.
    assert ViewState.from_json({"year": 99999, "since": "soon"}).filters == FilterState()


def test_tim005_growth_counts_match_the_csv_and_mark_the_seeds_milestones(csv_frames):
    entities, links = csv_frames
    counted = growth(entities, links, start=2010, end=2026)
    table = counted.table
    assert counted.years == list(range(2010, 2027))
    for year in (2010, 2016, 2024):
        dated = entities[entities["established"].notna() & (entities["established"] <= year)]
        assert table.loc[year, "records"] == len(dated)
        for kind, count in dated["kind"].value_counts().items():
            assert table.loc[year, kind] == count
        assert table.loc[year, "links"] == int((links["start_year"] <= year).sum())
        assert table.loc[year, "links_started"] == int((links["start_year"] == year).sum())
    assert counted.undated_records == int(entities["established"].isna().sum())
    assert counted.undated_links == int(links["start_year"].isna().sum())
    assert [m.year for m in MILESTONES] == [2016, 2024, 2025]
    # The 2024 and 2025 dates are the seeds' own.
    if SEEDS.is_dir():
        assert (
            "March 11, 2024"
            in (SEEDS / "lmc-innovation-corridor-joint-initiatives-2024.txt").read_text()
        )
        assert "June 2025" in (SEEDS / "cambodia-sti-proposal-2025.txt").read_text()
    figure = growth_figure(counted, "en", year=2016)
    labels = [a["text"] for a in figure["layout"]["annotations"]]
    assert labels == ["LMC launch", "Joint Initiatives", "Joint research call", "Shown: 2016"]
    assert [s["x0"] for s in figure["layout"]["shapes"]] == [2016, 2024, 2025, 2016]


@pytest.fixture
def data(tmp_path):
    return copy_data(tmp_path)


def _versions(data: Path) -> tuple[list[str], list[dict[str, str]]]:
    return read_csv(data / "registry" / "versions.csv")


def test_tim006_versions_file_has_one_valid_row_per_record(registry, csv_frames):
    entities, links = csv_frames
    versions = pd.read_csv(REGISTRY / "versions.csv", dtype=str)
    assert sorted(versions[versions["table"] == "entity"]["id"]) == sorted(entities["id"])
    assert sorted(versions[versions["table"] == "link"]["id"]) == sorted(links["id"])
    assert (versions["added"] <= versions["changed"]).all()
    assert registry.entities["added"].notna().all() and registry.links["changed"].notna().all()
    # The data release names the latest data version.
    assert registry.version == versions["changed"].max()


def test_tim007_checker_reports_missing_stray_and_bad_version_rows(data):
    fieldnames, rows = _versions(data)
    missing = rows.pop(0)
    rows[0]["added"] = "2026-13-01"
    rows[1]["changed"] = "2020-01-01"  # before it was added
    rows[2]["changed"] = "2999-01-01"
    rows.append(
        {"table": "entity", "id": "no-such-record", "added": "2026-01-01", "changed": "2026-01-01"}
    )
    rows.append({"table": "place", "id": "x", "added": "2026-01-01", "changed": "2026-01-01"})
    write_csv(data / "registry" / "versions.csv", fieldnames, rows)
    registry, problems = check(data, today=dt.date(2026, 12, 1))
    assert registry is None
    text = [str(p) for p in problems]
    label = "data/registry/versions.csv"
    assert (
        f"{label}:0:id: {missing['table']} {missing['id']!r} has no row"
        " (run scripts/derive_versions.py)" in text
    )
    assert f"{label}:2:added: expected YYYY-MM-DD, got '2026-13-01'" in text
    assert any(t.startswith(f"{label}:3:changed: 2020-01-01 is before added") for t in text)
    assert f"{label}:4:changed: date 2999-01-01 is in the future" in text
    assert f"{label}:{len(rows)}:id: no entity with id 'no-such-record'" in text
    assert any(t.startswith(f"{label}:{len(rows) + 1}:table: ") for t in text)


def test_tim008_derive_versions_reproduces_the_committed_file():
    """scripts/derive_versions.py derives versions.csv from the history: run it after editing
    the registry (this fails until it has been run)."""
    if shutil.which("git") is None or not (REPO_ROOT / ".git").exists():
        pytest.skip("no git history here")
    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if shallow == "true":
        pytest.skip("a shallow clone has not the whole history")
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "derive_versions", REPO_ROOT / "scripts" / "derive_versions.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.to_csv(module.derive()) == (REGISTRY / "versions.csv").read_text(encoding="utf-8")
