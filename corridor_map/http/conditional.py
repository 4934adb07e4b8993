"""Edge caching: ETags from the data version and canonical parameters, and 304 answers.

A response's ETag is known before its body is built, so a client or shared cache that
already holds it gets a 304 without any work. Flask-Compress appends the encoding to the
ETag it sends (``<tag>:gzip``); a returned tag is compared without it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import Response, request


def etag_for(*parts: str) -> str:
    """A strong ETag for canonical ``parts`` (data version first)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def client_has(tag: str) -> bool:
    """True when the request's ``If-None-Match`` names ``tag`` (in any encoding)."""
    sent = request.if_none_match
    return "*" in sent or tag in {t.split(":")[0] for t in sent.as_set(include_weak=True)}


def conditional(tag: str, build: Callable[[], Response], max_age: int) -> Response:
    """``build()``'s response with ``tag`` and public caching, or a 304 if the client has it.

    Parameters
    ----------
    tag
        From :func:`etag_for`.
    build
        Makes the full response (not called for a 304).
    max_age
        Seconds browsers and shared caches may reuse it without asking.
    """
    response = Response(status=304) if client_has(tag) else build()
    response.set_etag(tag)
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    return response
