/* Briefing mode keys: arrows and Page Up/Down (what presentation clickers send), Space,
 * Home and End click the briefing's buttons. Does nothing unless #briefing-root exists. */
(function () {
  "use strict";
  var KEYS = {
    ArrowRight: "briefing-next",
    ArrowDown: "briefing-next",
    PageDown: "briefing-next",
    " ": "briefing-next",
    ArrowLeft: "briefing-prev",
    ArrowUp: "briefing-prev",
    PageUp: "briefing-prev",
    Home: "briefing-first",
    End: "briefing-last"
  };
  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }
  window.addEventListener(
    "keydown",
    function (event) {
      if (!document.getElementById("briefing-root")) return;
      if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      var id = KEYS[event.key];
      if (!id || typing(event.target)) return;
      // Space on a focused button already presses that button.
      if (event.key === " " && event.target.tagName === "BUTTON") return;
      var button = document.getElementById(id);
      event.preventDefault();
      event.stopPropagation();
      if (button && !button.disabled) button.click();
    },
    true
  );
})();
