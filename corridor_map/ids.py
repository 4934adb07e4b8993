"""Every component id, shared by layout, callbacks and tests."""

URL = "url"
MAP = "corridor-map"
TITLE = "page-title"
CREDITS = "credits"
DISCLAIMER = "boundary-disclaimer"
LANG = "page-lang"

# Filters
SECTOR_FILTER = "filter-sector"
COUNTRY_FILTER = "filter-country"
KIND_FILTER = "filter-kind"
SEARCH = "filter-search"
RESET = "filter-reset"
NOTICE = "url-notice"
NOTICE_BOX = "url-notice-box"
NOTICE_CLOSE = "url-notice-close"

# Results and summaries
STATE = "view-state"
MAP_VIEW = "map-view"
RESULT_TEXT = "result-text"
KIND_COUNTS = "kind-counts"
MATRIX_CHART = "country-sector-chart"
#: The records table's block (its grid loads on demand, see pages/explorer/grids.py).
TABLE = "records-table"
#: The keyboard-reachable list of matching records, shown without the grid.
RECORD_LIST = "record-list"
#: Store: the records list as plain data (views.record_list), rendered in the browser.
RECORD_LIST_DATA = "record-list-data"
RECORDS_SKIP = "records-skip"
SECTOR_HELP = "filter-sector-help"
RECORDS_END = "records-end"
STATUS_ANNOUNCER = "status-announcer"
#: Store: the record a person picked in the list or the grid (written in the browser by
#: assets/record-pick.js as ``{"id": …, "nonce": …}``).
RECORD_PICK = "record-pick"
#: Names (pattern-matching index) of the explorer's lazy grids (pages/explorer/grids.py).
RECORDS_GRID = "records"
ACCESS_GRID = "access"
MATCH_GRID = "matching"
#: Store: the key of the view the lazy grids' rows must be made for (grids.rows_key).
GRID_KEY = "grid-rows-key"
DOWNLOAD_CSV = "download-csv"
DOWNLOAD_GEOJSON = "download-geojson"
DOWNLOAD_LINKS_CSV = "download-links-csv"
DOWNLOAD_LINKS_GEOJSON = "download-links-geojson"
DOWNLOAD_LINKS_LABEL = "download-links-label"
SHARE_LINK = "share-link"
#: Legend checkboxes that show or hide map layers, and their spec for the browser.
LAYER_TOGGLE = "layer-toggle"
LAYER_TOGGLES = "layer-toggles"
LAYER_SPEC = "layer-toggle-spec"
#: Store: the layer toggles switched off (``hide=`` in the URL).
HIDDEN = "hidden-layers"
LEGEND_HEADING = "legend-heading"
#: Store: the map's centre and zoom after the user moved it (``lat,lon,zoom``).
CAMERA = "map-camera"

# Details
DETAIL = "detail-panel"
DETAIL_CLOSE = "detail-close"
DETAIL_BODY = "detail-body"
PARTNER = "partner-link"  # pattern-matching type: {"type": PARTNER, "index": entity_id}

# Briefing mode (/briefing)
BRIEFING_ROOT = "briefing-root"
BRIEFING_URL = "briefing-url"
BRIEFING_LANG = "briefing-lang"
BRIEFING_MAP = "briefing-map"
BRIEFING_TITLE = "briefing-title"
BRIEFING_KICKER = "briefing-kicker"
BRIEFING_FIGURES = "briefing-figures"
BRIEFING_RECORD = "briefing-record"
BRIEFING_COUNTER = "briefing-counter"
BRIEFING_PREV = "briefing-prev"
BRIEFING_NEXT = "briefing-next"
BRIEFING_FIRST = "briefing-first"
BRIEFING_LAST = "briefing-last"
BRIEFING_EXIT = "briefing-exit"
BRIEFING_EXTRA_LEGEND = "briefing-extra-legend"

# Public embed (/embed)
EMBED_ROOT = "embed-root"
EMBED_URL = "embed-url"
EMBED_LANG = "embed-lang"
EMBED_MAP = "embed-map"
EMBED_SECTOR = "embed-sector"
EMBED_COUNTRY = "embed-country"
EMBED_FULL_LINK = "embed-full-link"
EMBED_SHEET = "embed-sheet"
EMBED_SHEET_BODY = "embed-sheet-body"
EMBED_SHEET_CLOSE = "embed-sheet-close"
EMBED_STATUS = "embed-status"

# Explorer header: briefing link and embed dialog
BRIEFING_LINK = "briefing-link"
EMBED_OPEN = "embed-open"
EMBED_MODAL = "embed-modal"
EMBED_SNIPPET = "embed-snippet"
#: Store: the translated title the embed code gives its ``<iframe>``.
EMBED_TITLE = "embed-iframe-title"
EMBED_CLOSE = "embed-close"
EMBED_TITLE_HEADING = "embed-dialog-title"

# Corridor analytics (network and access gap)
ANALYTICS = "analytics-section"
NETWORK_MATRIX = "network-matrix"
NETWORK_TOTAL = "network-total"
NETWORK_SELECTION = "network-selection"
NETWORK_TOP = "network-most-connected"
ACCESS_SUMMARY = "access-summary"
ACCESS_TABLE = "access-table"
ACCESS_TOGGLE = "access-choropleth-toggle"
ACCESS_LAYERS = "access-choropleth-layers"

# Brief (PDF/PNG of the current view)
DOWNLOAD_BRIEF = "download-brief"
# The briefing storyboard as an editable deck (/briefing.pptx), on the explorer and briefing
DOWNLOAD_SLIDES = "download-slides"
BRIEFING_DOWNLOAD_SLIDES = "briefing-download-slides"
EMBED_MAP_VIEW = "embed-map-view"
#: Store: the bounds the embed map fits on first view (west, south, east, north).
BRIEFING_MAP_VIEW = "briefing-map-view"
LANGUAGE_MENU = "language-menu"

# Where to cooperate (hub–zone matching) and the programme filter
PROGRAMME_FILTER = "programme-filter"
#: Filter panel: status of zones, parks and incubators (``status=``).
STATUS_FILTER = "status-filter"
MATCHING = "matching-section"
MATCH_TOGGLE = "matching-map-toggle"
MATCH_RADIUS = "matching-radius"
MATCH_SUMMARY = "matching-summary"
MATCH_TABLE = "matching-table"
MATCH_DOWNLOAD = "matching-download"
PARTNER_PANEL = "partner-panel"
PARTNER_DOWNLOAD = "partner-download"

# The corridor over time (pages/explorer/timeline.py)
YEAR_FILTER = "filter-year"
YEAR_PLAY = "year-play"
YEAR_TICK = "year-tick"
#: Store: the years play steps through and the play/pause labels.
YEAR_STEPS = "year-steps"
YEAR_NOTE = "year-note"
GROWTH = "growth-section"
GROWTH_CHART = "growth-chart"
GROWTH_NOTE = "growth-note"
#: The briefing's chart slot (the growth slide shows its chart there).
BRIEFING_CHART = "briefing-chart"
