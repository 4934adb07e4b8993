"""Finding 5: the Host header never reaches a link; settings drive absolute links."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from pypdf import PdfReader

from corridor_map.settings import REPO_ROOT, Settings, SettingsError

EVIL = "evil.example"


def _pdf_text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    links = [
        str(annotation.get_object().get("/A", {}).get("/URI", ""))
        for page in reader.pages
        for annotation in page.get("/Annots") or []
    ]
    return " ".join(page.extract_text() for page in reader.pages) + " ".join(links)


@pytest.mark.parametrize("path", ["/", "/brief.pdf?country=LAO", "/healthz", "/api/v1/entities"])
def test_hst020_untrusted_host_is_refused(client, path):
    response = client.get(path, headers={"Host": EVIL})
    assert response.status_code == 400
    assert EVIL.encode() not in response.data


def test_hst021_over_long_host_is_a_400_not_a_500(client):
    response = client.get("/brief.pdf", headers={"Host": "a" * 3000 + ".example"})
    assert response.status_code == 400


def test_hst022_public_url_drives_brief_links_whatever_the_host():
    from corridor_map import create_app

    settings = Settings.from_env({"public_url": "https://corridor.example.org/"})
    client = create_app(settings).server.test_client()
    response = client.get("/brief.pdf?country=LAO&lang=en", headers={"Host": EVIL})
    assert response.status_code == 200
    text = _pdf_text(response.data)
    assert EVIL not in text
    assert "corridor.example.org" in text


@pytest.mark.parametrize("url", ["ftp://x.example", "https://", "https://a.example/?q=1"])
def test_hst023_public_url_must_be_an_http_root(url):
    with pytest.raises(SettingsError, match="public_url"):
        Settings(public_url=url)


def test_hst024_debug_is_refused_off_loopback():
    env = {"CORRIDOR_DEBUG": "1", "CORRIDOR_HOST": "0.0.0.0", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "app.py"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "refuses debug mode" in done.stderr


def test_hst025_link_too_long_for_a_qr_code_is_a_400():
    from corridor_map import create_app

    settings = Settings(public_url="https://" + "a" * 3000 + ".example")
    client = create_app(settings).server.test_client()
    response = client.get("/brief.pdf?country=LAO")
    assert response.status_code == 400
    assert "QR" in response.get_json()["error"]
