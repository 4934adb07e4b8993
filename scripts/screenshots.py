"""Regenerate the README screenshots in docs/screenshots/.

    python scripts/screenshots.py [--out DIR] [--chromium PATH]

Starts the app as the Procfile does (gunicorn with gunicorn.conf.py) on a free loopback port,
opens each page in headless Chromium (Debian's; Playwright drives it) and saves one JPEG per
page, size and language once the map has drawn and come to rest:

- ``/`` (explorer) at 1280×800,
- ``/briefing`` at 1920×1080 and 1280×720,
- ``/embed`` at 375×667,

each in English, Thai and Khmer (``explorer-1280x800-th.jpg``…). Needs the test
requirements (playwright) and Chromium with the Noto fonts (``make test`` installs them).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = REPO_ROOT / "docs" / "screenshots"
LANGUAGES = ("en", "th", "km")
#: (file stem, path, graph holder id, width, height)
SHOTS = (
    ("explorer", "/", "corridor-map", 1280, 800),
    ("briefing", "/briefing", "briefing-map", 1920, 1080),
    ("briefing", "/briefing", "briefing-map", 1280, 720),
    ("embed", "/embed", "embed-map", 375, 667),
)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader"]
#: The map has drawn its base map and points and is at rest in its first framing.
AT_REST_JS = """(holderId) => {
  const holder = document.getElementById(holderId);
  const gd = holder && holder.querySelector('.js-plotly-plot');
  const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
  const framed = (window.corridorFrames || {})[holderId];
  return Boolean(sub && framed && !sub.map.isMoving() && sub.map.loaded()
    && sub.map.areTilesLoaded()
    && (framed.zoom === undefined || Math.abs(sub.map.getZoom() - framed.zoom) < 0.01));
}"""


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    """gunicorn on ``port``, once it answers /healthz."""
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "app:server", "--config", "gunicorn.conf.py"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("the app did not start within 60 s")


def take(browser, base: str, out: Path) -> list[Path]:
    """Every screenshot of :data:`SHOTS` × :data:`LANGUAGES` into ``out``."""
    written = []
    for stem, path, holder, width, height in SHOTS:
        for lang in LANGUAGES:
            context = browser.new_context(viewport={"width": width, "height": height})
            try:
                page = context.new_page()
                page.goto(f"{base}{path}?lang={lang}")
                page.wait_for_selector("canvas.maplibregl-canvas", state="visible")
                page.wait_for_function(AT_REST_JS, arg=holder, timeout=60_000)
                page.wait_for_load_state("networkidle")
                page.evaluate("() => document.fonts.ready.then(() => true)")
                target = out / f"{stem}-{width}x{height}-{lang}.jpg"
                page.screenshot(path=str(target), type="jpeg", quality=82)
                written.append(target)
                print(target.relative_to(REPO_ROOT))
            finally:
                context.close()
    return written


def main(argv: list[str] | None = None) -> int:
    """Start the app, take the screenshots, stop the app."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    parser.add_argument(
        "--chromium", default=os.environ.get("CORRIDOR_CHROMIUM", "/usr/bin/chromium")
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = start_server(port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS
            )
            try:
                take(browser, f"http://127.0.0.1:{port}", args.out)
            finally:
                browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
