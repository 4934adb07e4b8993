"""Give every translated catalog key a review status (``"@status"``), one mechanical pass.

Each non-English ``corridor_map/i18n/locales/<lang>/<feature>.json`` gets a ``"@status"``
object first in the file, mapping every message key to one of

- ``"machine"``: machine or non-native translation, not checked by a reviewer;
- ``"needs_review"``: a known doubt a native reviewer should settle;
- ``"reviewed: <who or what source>"``: checked, and by whom or against which source.

The pass is idempotent and safe to re-run on merged catalogs:

- keys listed in a legacy ``"@needs_review"`` list become ``"needs_review"`` (the list is
  then dropped), overriding an older status (someone flagged the key since);
- keys without a status become ``"machine"``;
- statuses of keys that no longer exist are dropped.

Message order and values are left as they are; files are written as
``json.dumps(indent=2, ensure_ascii=False)`` plus a newline, the catalogs' existing format.

Usage: ``python scripts/catalog_status.py [--check]`` (``--check`` writes nothing and exits 1
when a file would change).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parents[1] / "corridor_map" / "i18n" / "locales"
REFERENCE_LANG = "en"


def with_status(data: dict) -> dict:
    """Return ``data`` (one catalog file) with a complete ``"@status"`` and no legacy list."""
    messages = {k: v for k, v in data.items() if not k.startswith("@")}
    flagged = set(data.get("@needs_review", []))
    old = data.get("@status", {})
    status = {
        key: "needs_review" if key in flagged else old.get(key, "machine") for key in messages
    }
    other_meta = {
        k: v for k, v in data.items() if k.startswith("@") and k not in ("@status", "@needs_review")
    }
    return {"@status": status, **other_meta, **messages}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report, write nothing")
    args = parser.parse_args(argv)
    changed = []
    for path in sorted(LOCALES_DIR.glob("*/*.json")):
        if path.parent.name == REFERENCE_LANG:
            continue
        text = path.read_text(encoding="utf-8")
        new = json.dumps(with_status(json.loads(text)), indent=2, ensure_ascii=False) + "\n"
        if new != text:
            changed.append(path)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    for path in changed:
        print(("would update " if args.check else "updated ") + str(path.relative_to(LOCALES_DIR)))
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
