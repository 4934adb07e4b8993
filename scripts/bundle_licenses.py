"""Write the licence texts of every npm package inside an esbuild bundle.

Usage: ``python scripts/bundle_licenses.py <esbuild metafile> <output.txt>`` (called by
scripts/build_plotly_bundle.sh). Each package whose files went into the bundle is listed with
its version, its declared licence and the text of its LICENSE file, so the vendored bundle
carries the notices its MIT/BSD/ISC licences require.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

LICENSE_NAMES = ("LICENSE", "LICENSE.txt", "LICENSE.md", "LICENCE", "license", "license.md")


def bundled_packages(metafile: Path) -> list[Path]:
    """Package folders (``node_modules/<name>`` or ``node_modules/@scope/name``) in the bundle."""
    inputs = json.loads(metafile.read_text(encoding="utf-8"))["inputs"]
    found = set()
    for name in inputs:
        parts = Path(name).parts
        if "node_modules" not in parts:
            continue
        at = len(parts) - 1 - parts[::-1].index("node_modules")  # innermost node_modules
        depth = 2 if parts[at + 1].startswith("@") else 1
        found.add(Path(*parts[: at + 1 + depth]))
    return sorted(found)


def license_entry(folder: Path) -> str:
    """One package's heading and licence text."""
    meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    heading = f"{meta['name']} {meta.get('version', '')} ({meta.get('license', 'see text')})"
    text = next(
        (
            (folder / n).read_text(encoding="utf-8", errors="replace").strip()
            for n in LICENSE_NAMES
            if (folder / n).is_file()
        ),
        "No licence file in the package; licence as declared in its package.json: "
        + str(meta.get("license", "unknown")),
    )
    return f"{'=' * 78}\n{heading}\n{'=' * 78}\n{text}\n"


def main(argv: list[str]) -> int:
    metafile, output = Path(argv[1]), Path(argv[2])
    packages = bundled_packages(metafile)
    header = (
        "Third-party licences for assets/vendor/plotly-corridor.min.js (and .min.css):\n"
        f"{len(packages)} npm packages bundled by scripts/build_plotly_bundle.sh.\n\n"
    )
    output.write_text(header + "\n".join(license_entry(p) for p in packages), encoding="utf-8")
    print(f"{output}: {len(packages)} packages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
