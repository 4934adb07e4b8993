"""Every component id, shared by layout, callbacks and tests."""

URL = "url"
MAP = "corridor-map"
TITLE = "page-title"
CREDITS = "credits"
DISCLAIMER = "boundary-disclaimer"
LANG_STORE = "lang-store"
