"""Brief rendering that cannot starve the app: a shared bounded cache and an admission gate.

- :class:`BriefCache` keeps rendered bytes in a diskcache folder shared by every worker of
  the machine, bounded in size. Keys are canonical views (never raw client input) and carry
  the data version, so a new registry never serves an old brief.
- :class:`RenderGate` admits at most N renders at once per worker; a request beyond that is
  answered 503 with ``Retry-After`` by the route, while cached briefs, ``/healthz`` and the
  explorer keep being served by the worker's other threads.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import diskcache

#: Bump when the rendered output changes for the same view (new layout, fonts).
RENDER_VERSION = "2"
#: Seconds a client is asked to wait when every render slot is busy.
RETRY_AFTER = 2


class BusyError(Exception):
    """Every render slot of this worker is taken."""


def cache_key(*parts: str) -> str:
    """A short stable key (also used as the ETag) for canonical ``parts``."""
    digest = hashlib.sha256("\x1f".join((RENDER_VERSION, *parts)).encode("utf-8"))
    return digest.hexdigest()[:32]


class RenderGate:
    """At most ``slots`` renders at once in this process; never waits for a slot."""

    def __init__(self, slots: int):
        self._slots = threading.BoundedSemaphore(slots)

    @contextmanager
    def admit(self):
        """Hold a slot for the ``with`` block, or raise :class:`BusyError` at once."""
        if not self._slots.acquire(blocking=False):
            raise BusyError
        try:
            yield
        finally:
            self._slots.release()


class BriefCache:
    """Rendered briefs and map images, shared by the workers and bounded in size.

    Parameters
    ----------
    directory
        The cache folder (created when missing).
    size_mb
        Size bound; the least recently stored entries are evicted first.
    gate
        Admission of renders on a miss.
    """

    def __init__(self, directory: Path, size_mb: int, gate: RenderGate):
        self._cache = diskcache.Cache(str(directory), size_limit=size_mb * 1024 * 1024)
        self.gate = gate

    def get(self, key: str) -> bytes | None:
        """The cached bytes of ``key``, or ``None``."""
        return self._cache.get(key)

    def get_or_render(self, key: str, render: Callable[[], bytes], gated: bool = True) -> bytes:
        """Cached bytes of ``key``; on a miss, render (within the gate) and store them.

        Parameters
        ----------
        key
            From :func:`cache_key`.
        render
            Makes the bytes on a miss.
        gated
            Take a render slot on a miss (``False`` inside a render that holds one).

        Raises
        ------
        BusyError
            On a miss while every render slot is taken.
        """
        body = self._cache.get(key)
        if body is None:
            if gated:
                with self.gate.admit():
                    body = render()
            else:
                body = render()
            self._cache.set(key, body)
        return body

    def clear(self) -> None:
        """Forget every entry (tests)."""
        self._cache.clear()
