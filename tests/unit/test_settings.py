"""Tests for corridor_map.settings: argument > CORRIDOR_* environment > default."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from corridor_map.settings import (
    OFFLINE_STYLES,
    ONLINE_STYLES,
    REPO_ROOT,
    Settings,
    SettingsError,
)


def test_set001_defaults():
    settings = Settings.from_env(environ={})
    assert settings == Settings()
    assert settings.host == "127.0.0.1"
    assert settings.port == 8050
    assert settings.debug is False
    assert settings.data_dir == REPO_ROOT / "data"
    assert settings.basemap == "white-bg"
    assert settings.embed_ancestors == "*"
    assert settings.default_lang == "en"
    assert settings.compress is True
    assert settings.offline is True


def test_set002_defaults_ignore_unrelated_env():
    assert Settings.from_env(environ={"DEBUG": "1", "CORRIDOR": "x", "LANG": "th"}) == Settings()


def test_set003_env_override():
    environ = {
        "CORRIDOR_HOST": "0.0.0.0",
        "CORRIDOR_PORT": "9000",
        "CORRIDOR_DEBUG": "yes",
        "CORRIDOR_DATA_DIR": "/srv/corridor",
        "CORRIDOR_BASEMAP": "carto-positron",
        "CORRIDOR_EMBED_ANCESTORS": "https://a.example https://b.example",
        "CORRIDOR_DEFAULT_LANG": "th",
        "CORRIDOR_COMPRESS": "off",
    }
    settings = Settings.from_env(environ=environ)
    assert settings == Settings(
        host="0.0.0.0",
        port=9000,
        debug=True,
        data_dir=Path("/srv/corridor"),
        basemap="carto-positron",
        embed_ancestors="https://a.example https://b.example",
        default_lang="th",
        compress=False,
    )
    assert isinstance(settings.port, int)
    assert isinstance(settings.data_dir, Path)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("TRUE", True),
        (" yes ", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("No", False),
        ("off", False),
        ("", False),
    ],
)
def test_set004_bool_values(raw, expected):
    assert Settings.from_env(environ={"CORRIDOR_DEBUG": raw}).debug is expected


def test_set005_argument_beats_env():
    environ = {"CORRIDOR_PORT": "9000", "CORRIDOR_DEBUG": "1", "CORRIDOR_HOST": "0.0.0.0"}
    settings = Settings.from_env({"port": 7000, "debug": False}, environ=environ)
    assert settings.port == 7000
    assert settings.debug is False
    assert settings.host == "0.0.0.0"  # not overridden: env still applies


def test_set006_argument_beats_plain_port():
    settings = Settings.from_env({"port": 7000}, environ={"PORT": "9000"})
    assert settings.port == 7000


def test_set007_argument_data_dir_becomes_path(tmp_path):
    settings = Settings.from_env({"data_dir": str(tmp_path)}, environ={})
    assert settings.data_dir == tmp_path
    assert isinstance(settings.data_dir, Path)


def test_set008_host_port_fallback():
    settings = Settings.from_env(environ={"HOST": "0.0.0.0", "PORT": "5000"})
    assert settings.host == "0.0.0.0"
    assert settings.port == 5000


def test_set009_corridor_port_beats_port():
    environ = {"PORT": "5000", "CORRIDOR_PORT": "6000", "HOST": "1.2.3.4", "CORRIDOR_HOST": "::"}
    settings = Settings.from_env(environ=environ)
    assert settings.port == 6000
    assert settings.host == "::"


def test_set010_only_host_and_port_have_plain_fallback():
    # No plain fallback for other fields.
    assert Settings.from_env(environ={"DEBUG": "1", "BASEMAP": "carto-positron"}) == Settings()


@pytest.mark.parametrize("name", ["CORRIDOR_DEBUG", "CORRIDOR_COMPRESS"])
def test_set011_bad_bool_raises_naming_variable(name):
    with pytest.raises(SettingsError, match=name) as info:
        Settings.from_env(environ={name: "maybe"})
    assert "maybe" in str(info.value)


@pytest.mark.parametrize("raw", ["abc", "80.5", "8 0"])
def test_set012_bad_int_raises_naming_variable(raw):
    with pytest.raises(SettingsError, match="CORRIDOR_PORT") as info:
        Settings.from_env(environ={"CORRIDOR_PORT": raw})
    assert repr(raw) in str(info.value)


def test_set013_bad_plain_port_raises():
    with pytest.raises(SettingsError, match="PORT") as info:
        Settings.from_env(environ={"PORT": "http"})
    assert "'http'" in str(info.value)


def test_set014_bad_plain_port_names_port_not_corridor_port():
    with pytest.raises(SettingsError) as info:
        Settings.from_env(environ={"PORT": "http"})
    assert "CORRIDOR_PORT" not in str(info.value)
    assert str(info.value).startswith("PORT")


@pytest.mark.parametrize("raw", ["0", "65536", "-1"])
def test_set015_port_out_of_range_raises(raw):
    with pytest.raises(SettingsError, match="port"):
        Settings.from_env(environ={"CORRIDOR_PORT": raw})


def test_set016_bad_basemap_raises():
    with pytest.raises(SettingsError, match="basemap") as info:
        Settings.from_env(environ={"CORRIDOR_BASEMAP": "satellite"})
    assert "satellite" in str(info.value)
    with pytest.raises(SettingsError, match="basemap"):
        Settings.from_env({"basemap": "google"}, environ={})
    with pytest.raises(SettingsError, match="basemap"):
        Settings(basemap="")


def test_set017_unknown_override_raises():
    with pytest.raises(SettingsError, match="colour"):
        Settings.from_env({"colour": "red"}, environ={})
    with pytest.raises(SettingsError, match="PORT"):
        # Overrides use field names, not environment names.
        Settings.from_env({"PORT": 1}, environ={})


@pytest.mark.parametrize("style", OFFLINE_STYLES)
def test_set018_offline_styles(style):
    assert Settings(basemap=style).offline is True


@pytest.mark.parametrize("style", ONLINE_STYLES)
def test_set019_online_styles(style):
    settings = Settings.from_env(environ={"CORRIDOR_BASEMAP": style})
    assert settings.basemap == style
    assert settings.offline is False


def test_set020_frozen():
    settings = Settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.port = 1  # type: ignore[misc]


def test_set021_reads_os_environ_by_default(monkeypatch):
    for name in [f"CORRIDOR_{f.name.upper()}" for f in dataclasses.fields(Settings)]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.setenv("CORRIDOR_DEBUG", "true")
    settings = Settings.from_env()
    assert settings.port == 8123
    assert settings.debug is True
