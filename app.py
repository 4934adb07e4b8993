"""Entry point: ``python app.py`` for local use, ``gunicorn app:server`` in production."""

from __future__ import annotations

import sys

from corridor_map import create_app
from corridor_map.registry import RegistryError
from corridor_map.settings import Settings, SettingsError


def _build():
    try:
        settings = Settings.from_env()
        return settings, create_app(settings)
    except (RegistryError, SettingsError) as exc:
        # Broken data or settings: say exactly what, and refuse to start (no traceback).
        print("Corridor Map cannot start:", file=sys.stderr)
        print(exc, file=sys.stderr)
        sys.exit(1)


settings, app = _build()
server = app.server

if __name__ == "__main__":
    if settings.debug and not settings.loopback:
        # The debugger runs code sent to it: never offer it beyond this machine.
        print(
            f"Corridor Map refuses debug mode on {settings.host}: set CORRIDOR_HOST=127.0.0.1",
            file=sys.stderr,
        )
        sys.exit(1)
    app.run(host=settings.host, port=settings.port, debug=settings.debug)
