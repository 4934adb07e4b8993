"""Derive ``data/registry/versions.csv``: when each record was added and last changed.

A *data version* is the date (UTC, ``YYYY-MM-DD``) of a commit that changed
``data/registry/entities.csv`` or ``links.csv``. For every entity and link of today's files
this script walks those commits, oldest first, and records

- ``added``: the data version in which a row with that id first appeared;
- ``changed``: the last data version in which that row's content changed (equal to ``added``
  when it never changed since).

Rows are compared field by field on the columns both versions of the file have, so adding a
column to a file changes only the rows that fill it in. Edits not committed yet (the working
tree differs from ``HEAD``) count as a data version of today, so a maintainer who edits the
registry runs this script before committing and the new or changed rows carry today's date.

Versions live in their own file, not as columns of ``entities.csv`` and ``links.csv``, so that
editing a record never conflicts with re-deriving the versions.

Usage::

    python scripts/derive_versions.py            # rewrite data/registry/versions.csv
    python scripts/derive_versions.py --check    # exit 1 when the file is out of date

Needs ``git`` and the repository's history (a shallow clone derives later ``added`` dates).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
REGISTRY = Path("data") / "registry"
#: versions.csv ``table`` value -> the registry file it describes.
TABLES = {"entity": REGISTRY / "entities.csv", "link": REGISTRY / "links.csv"}
OUT = REGISTRY / "versions.csv"
COLUMNS = ("table", "id", "added", "changed")


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": "UTC"},  # commit dates as UTC days, on any machine
    ).stdout


def _rows(text: str) -> dict[str, dict[str, str]]:
    """The CSV's rows by id (values stripped, empty ones kept as ``""``)."""
    reader = csv.DictReader(io.StringIO(text))
    return {
        row["id"].strip(): {k: (v or "").strip() for k, v in row.items() if k}
        for row in reader
        if (row.get("id") or "").strip()
    }


def _same(old: dict[str, str], new: dict[str, str]) -> bool:
    """Whether a row kept its content: equal on shared columns, new columns left empty."""
    shared = old.keys() & new.keys()
    return all(old[k] == new[k] for k in shared) and not any(
        new[k] for k in new.keys() - old.keys()
    )


def history(path: Path) -> list[tuple[str, str]]:
    """``(commit, date)`` of every commit that changed ``path``, oldest first."""
    log = _git(
        "log", "--reverse", "--format=%H %cd", "--date=format-local:%Y-%m-%d", "--", str(path)
    )
    return [tuple(line.split()) for line in log.splitlines() if line.strip()]


def versions(path: Path, today: str) -> dict[str, tuple[str, str]]:
    """``id -> (added, changed)`` for every row of ``path`` as the working tree has it."""
    seen: dict[str, tuple[str, str, dict[str, str]]] = {}

    def step(rows: dict[str, dict[str, str]], date: str) -> None:
        for rid, row in rows.items():
            if rid not in seen:
                seen[rid] = (date, date, row)
            elif not _same(seen[rid][2], row):
                seen[rid] = (seen[rid][0], date, row)

    for commit, date in history(path):
        step(_rows(_git("show", f"{commit}:{path.as_posix()}")), date)
    current = _rows((REPO_ROOT / path).read_text(encoding="utf-8"))
    step(current, today)  # uncommitted edits are today's version; committed rows are unchanged
    return {rid: seen[rid][:2] for rid in current}


def derive(today: str | None = None) -> list[dict[str, str]]:
    """The rows of versions.csv: both tables, in the registry files' row order."""
    today = today or dt.datetime.now(dt.UTC).date().isoformat()
    return [
        {"table": table, "id": rid, "added": added, "changed": changed}
        for table, path in TABLES.items()
        for rid, (added, changed) in versions(path, today).items()
    ]


def to_csv(rows: list[dict[str, str]]) -> str:
    """versions.csv's text."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="only report whether it is current")
    args = parser.parse_args(argv)
    text = to_csv(derive())
    target = REPO_ROOT / OUT
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{OUT} is out of date: run python scripts/derive_versions.py", file=sys.stderr)
            return 1
        print(f"{OUT} is up to date")
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}: {text.count(chr(10)) - 1} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
