/* Corridor Map: links to the current view on other pages, built from the address bar.
 * Every page takes the same view parameters (corridor_map/view_state.py), so the share
 * link, the briefing, the brief, the slides and the embed code are the page's own query string on
 * another path: nothing to compute on the server, nothing to re-serialise here. */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.corridor = window.dash_clientside.corridor || {};

function corridorEscape(text) {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/"/g, "&quot;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

Object.assign(window.dash_clientside.corridor, {
  // search: the explorer's query string (from its dcc.Location); iframeTitle: translated;
  // lang: the page's language. The brief and the slides are documents to keep: when the
  // address bar names no language (the browser's was used), they get the page's.
  viewLinks: function (search, iframeTitle, lang) {
    var query = search || "";
    var origin = window.location.origin;
    var documentQuery = query;
    if (lang && !new URLSearchParams(query).has("lang")) {
      documentQuery = query + (query ? "&" : "?") + "lang=" + encodeURIComponent(lang);
    }
    var snippet =
      '<iframe src="' + corridorEscape(origin + "/embed" + query) + '" width="600" height="400"' +
      ' title="' + corridorEscape(iframeTitle || "") + '" loading="lazy" style="border:0"></iframe>';
    return [
      origin + window.location.pathname + query,
      "/briefing" + query,
      "/brief.pdf" + documentQuery,
      "/briefing.pptx" + documentQuery,
      snippet,
    ];
  },

  // The language menu's links: this view with lang= set to each language.
  languageLinks: function (search, itemIds) {
    return (itemIds || []).map(function (itemId) {
      var params = new URLSearchParams(search || "");
      params.set("lang", itemId.index);
      return "?" + params.toString().replace(/%2C/g, ",");
    });
  },

  // Open the <dialog> as a modal (focus stays inside, Escape closes it and the browser
  // returns focus to the button that opened it), or close it.
  toggleDialog: function (openClicks, closeClicks, dialogId) {
    var dialog = document.getElementById(dialogId);
    var opening = window.dash_clientside.callback_context.triggered_id !== "embed-close";
    if (dialog && opening && !dialog.open) {
      dialog.showModal();
    } else if (dialog && !opening && dialog.open) {
      dialog.close();
    }
    return opening ? "true" : "false";
  },

  hideNotice: function () {
    return true;
  },

  // A page is rendered with its view's canonical query in its dcc.Location (corridor_map/
  // pages/__init__.py with_answer); show it in the address bar in place of the typed or
  // shared one, without a history entry. Runs when the Location mounts (it reads href).
  // The Location is told the new href too: it would push its stale one back on the next
  // change of the query.
  alignAddress: function (href, search, locationId) {
    var query = search || "";
    if (query !== window.location.search) {
      window.history.replaceState(
        window.history.state, "", window.location.pathname + query + window.location.hash
      );
    }
    if (href !== window.location.href) {
      window.dash_clientside.set_props(locationId, {href: window.location.href});
    }
  },
});
