/* Corridor Map: MapLibre's own controls in the page's language. plotly.js creates the map
 * without a MapLibre locale, so the attribution button keeps MapLibre's English label
 * ("Toggle attribution"); this relabels it from the page's #ui-strings block (written by
 * corridor_map.i18n.widgets.ui_strings), whenever a map adds one. */
(function () {
  var BUTTON = ".maplibregl-ctrl-attrib-button";

  function relabel(node, text) {
    if (!(node instanceof Element)) {
      return;
    }
    var buttons = node.matches(BUTTON) ? [node] : node.querySelectorAll(BUTTON);
    Array.prototype.forEach.call(buttons, function (button) {
      button.title = text;
      button.setAttribute("aria-label", text);
    });
  }

  function start() {
    var block = document.getElementById("ui-strings");
    var text = block ? JSON.parse(block.textContent).toggleAttribution : "";
    if (!text) {
      return;
    }
    relabel(document.body, text);
    // Only added nodes are looked at: the map's frequent redraws change attributes, not these.
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) {
          relabel(node, text);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
