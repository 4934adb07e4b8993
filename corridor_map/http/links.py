"""Absolute links the app writes: from settings, never from an unchecked Host header.

With ``CORRIDOR_PUBLIC_URL`` set, every absolute link starts with it. Otherwise Flask's
``TRUSTED_HOSTS`` (``CORRIDOR_TRUSTED_HOSTS``, loopback names by default) refuses a request
whose Host is not listed with a 400 before any view runs, so a link built from the request's
own root names a trusted host.
"""

from __future__ import annotations

from flask import Flask, request

from corridor_map.settings import Settings


def register_host_policy(server: Flask, settings: Settings) -> None:
    """Apply the trusted-host list of ``settings`` to ``server``."""
    server.config["TRUSTED_HOSTS"] = settings.trusted_host_list


def public_root(settings: Settings) -> str:
    """The root of absolute links for the current request, without a trailing slash."""
    return settings.public_url or request.host_url.rstrip("/")
