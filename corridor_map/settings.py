"""Application settings: one frozen object, resolved argument > environment > default."""

from __future__ import annotations

import ipaddress
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "CORRIDOR_"

#: Map styles that draw with no network. Others fetch tiles from a third-party host.
OFFLINE_STYLES = ("white-bg",)
ONLINE_STYLES = ("open-street-map", "carto-positron", "carto-darkmatter")
#: Host names a request may carry when neither ``public_url`` nor ``trusted_hosts`` is set.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1")


class SettingsError(ValueError):
    """Raised when a setting has a value that cannot be used."""


def _parse_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise SettingsError(f"{name}: expected one of 1/0/true/false/yes/no/on/off, got {raw!r}")


def _parse_int(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name}: expected a whole number, got {raw!r}") from None


@dataclass(frozen=True)
class Settings:
    """Every configurable value of the app.

    Each field can be set by an environment variable ``CORRIDOR_<FIELD>`` (upper case);
    ``host`` and ``port`` also honour the platform's plain ``HOST`` and ``PORT``.

    Attributes
    ----------
    host, port
        Where ``python app.py`` listens (gunicorn uses gunicorn.conf.py).
    debug
        Dash debug mode and dev tools. Off unless explicitly enabled.
    data_dir
        Folder holding ``basemap/`` and ``registry/``.
    basemap
        ``white-bg`` (offline, default) or an online tile style, opt-in only.
    embed_ancestors
        Value of CSP ``frame-ancestors`` for ``/embed`` (space-separated origins, or ``*``).
    default_lang
        Language used when neither the URL nor the browser asks for another.
    compress
        Compress responses (gzip/brotli/zstd) with Flask-Compress.
    public_url
        The app's public address (``https://corridor.example.org``): every absolute link the
        app writes (brief, QR code) starts with it, whatever the request's Host says.
    trusted_hosts
        Comma-separated host names a request's Host may name (Flask ``TRUSTED_HOSTS``; a
        leading dot allows subdomains); others answer 400. When empty: not checked if
        ``public_url`` is set, else only ``localhost`` and ``127.0.0.1`` are trusted.
    cache_dir
        Folder of the brief cache, shared by the workers of one machine.
    brief_cache_mb
        Size bound of the brief cache (least recently stored entries go first).
    brief_renders
        Briefs one worker renders at once; a request beyond that answers 503 with
        ``Retry-After`` (cached briefs are always served).
    """

    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False
    data_dir: Path = field(default=REPO_ROOT / "data")
    basemap: str = "white-bg"
    embed_ancestors: str = "*"
    default_lang: str = "en"
    compress: bool = True
    public_url: str = ""
    trusted_hosts: str = ""
    cache_dir: Path = field(default=Path(tempfile.gettempdir()) / "corridor-map-cache")
    brief_cache_mb: int = 64
    brief_renders: int = 1

    def __post_init__(self) -> None:
        if self.public_url:
            parts = urlsplit(self.public_url)
            if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query:
                raise SettingsError(
                    f"public_url: expected http(s)://host[:port][/path], got {self.public_url!r}"
                )
            object.__setattr__(self, "public_url", self.public_url.rstrip("/"))
        if self.basemap not in OFFLINE_STYLES + ONLINE_STYLES:
            allowed = ", ".join(OFFLINE_STYLES + ONLINE_STYLES)
            raise SettingsError(f"basemap: expected one of {allowed}, got {self.basemap!r}")
        for name in ("brief_cache_mb", "brief_renders"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name}: expected at least 1, got {getattr(self, name)}")
        if not 0 < self.port < 65536:
            raise SettingsError(f"port: expected 1-65535, got {self.port}")

    @property
    def offline(self) -> bool:
        """True when the map needs no host but the app's own."""
        return self.basemap in OFFLINE_STYLES

    @property
    def trusted_host_list(self) -> list[str] | None:
        """Flask's ``TRUSTED_HOSTS``: ``None`` when the Host header is not checked."""
        names = [name.strip() for name in self.trusted_hosts.split(",") if name.strip()]
        if names:
            return names
        return None if self.public_url else list(LOOPBACK_HOSTS)

    @property
    def loopback(self) -> bool:
        """True when ``python app.py`` listens on a loopback interface only."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    @classmethod
    def from_env(
        cls, overrides: Mapping[str, object] | None = None, environ: Mapping[str, str] | None = None
    ) -> Settings:
        """Resolve settings: explicit ``overrides`` > ``CORRIDOR_*`` environment > defaults.

        Parameters
        ----------
        overrides
            Values given in code (e.g. by tests); unknown names raise SettingsError.
        environ
            The environment to read; defaults to ``os.environ``.

        Returns
        -------
        Settings
        """
        environ = os.environ if environ is None else environ
        overrides = dict(overrides or {})
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(overrides) - set(known))
        if unknown:
            raise SettingsError(f"unknown settings {unknown}; expected some of {sorted(known)}")
        values: dict[str, object] = {}
        for name in known:
            if name in overrides:
                values[name] = overrides[name]
                continue
            env_name = ENV_PREFIX + name.upper()
            raw = environ.get(env_name)
            if raw is None and name in {"host", "port"}:
                env_name = name.upper()  # the platform's plain HOST / PORT
                raw = environ.get(env_name)
            if raw is None:
                continue
            values[name] = _convert(name, env_name, raw)
        for name in ("data_dir", "cache_dir"):
            if name in values:
                values[name] = Path(values[name])
        return cls(**values)


def _convert(name: str, env_name: str, raw: str) -> object:
    default = getattr(Settings, name, None)
    if isinstance(default, bool):
        return _parse_bool(env_name, raw)
    if isinstance(default, int):
        return _parse_int(env_name, raw)
    return raw
