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

# Results and summaries
STATE = "view-state"
RESULT_TEXT = "result-text"
KIND_COUNTS = "kind-counts"
MATRIX_CHART = "country-sector-chart"
TABLE = "records-table"
DOWNLOAD_CSV = "download-csv"
DOWNLOAD_GEOJSON = "download-geojson"
SHARE_LINK = "share-link"

# Details
DETAIL = "detail-panel"
DETAIL_CLOSE = "detail-close"
DETAIL_BODY = "detail-body"
PARTNER = "partner-link"  # pattern-matching type: {"type": PARTNER, "index": entity_id}
