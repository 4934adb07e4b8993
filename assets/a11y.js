/* Corridor Map: keyboard and screen-reader behaviour shared by every page.
 *
 * - Dropdowns are announced by their label: Dash's dropdown names its trigger button by its
 *   value alone ("Any, button"); the <label for> in front of it is prepended to its
 *   aria-labelledby (corridor_map/pages/explorer/controls.py gives each label an id).
 * - One live region (#status-announcer): elements marked data-announce="N" (N: priority,
 *   lowest first) are watched; a change is announced once, and when one interaction
 *   changes several (a filter change updates the result sentence and the coverage line),
 *   only the highest-priority text is read.
 * - The record details: opening a record moves focus to its heading; Escape or "Close
 *   details" closes them and focus returns to where it came from (the list button, table
 *   row or map). Choosing a partner keeps focus in the details (on the new heading).
 * - Escape closes an open <details> panel (the language menu, the legend on a phone) from
 *   inside it, and the embed's record sheet. */
(function () {
  "use strict";

  // --- Dropdown labels --------------------------------------------------------------------
  function nameDropdowns(root) {
    var labels = (root || document).querySelectorAll("label[for][id]");
    labels.forEach(function (label) {
      var control = document.getElementById(label.htmlFor);
      if (!control || !control.classList.contains("dash-dropdown")) {
        return;
      }
      var current = control.getAttribute("aria-labelledby") || "";
      if (current.split(" ")[0] !== label.id) {
        control.setAttribute("aria-labelledby", (label.id + " " + current).trim());
      }
    });
  }

  // --- One live region ----------------------------------------------------------------------
  var pending = [];
  var timer = null;
  var lastText = {};

  function announcer() {
    return document.getElementById("status-announcer");
  }

  function flush() {
    timer = null;
    var region = announcer();
    if (!region || !pending.length) {
      pending = [];
      return;
    }
    pending.sort(function (a, b) {
      return a.priority - b.priority;
    });
    var text = pending[0].text;
    pending = [];
    // Re-announce a repeated sentence too: clear, then write on the next frame.
    region.textContent = "";
    window.requestAnimationFrame(function () {
      region.textContent = text;
    });
  }

  function noteChange(element) {
    var key = element.id || "";
    var text = (element.innerText || "").trim();
    if (!text || lastText[key] === text) {
      lastText[key] = text;
      return;
    }
    var first = !(key in lastText);
    lastText[key] = text;
    if (first) {
      return; // the page's first render is read in document order, not announced
    }
    pending.push({ priority: Number(element.getAttribute("data-announce")) || 0, text: text });
    if (!timer) {
      timer = window.setTimeout(flush, 250);
    }
  }

  // --- Details: focus in, Escape out, focus back ---------------------------------------------
  var opener = null;
  // When a record was asked for (ms); its details take focus if they render soon after,
  // never on a later re-render (a filter change while the details are open).
  var focusDetails = 0;
  var FOCUS_WINDOW_MS = 8000;

  function detailPanel() {
    return document.getElementById("detail-panel");
  }

  function detailsOpen() {
    var panel = detailPanel();
    return Boolean(panel && panel.classList.contains("open"));
  }

  function rememberOpener(element) {
    // A partner chosen inside the details keeps the first opener.
    var panel = detailPanel();
    if (!(panel && panel.contains(element))) {
      opener = describe(element);
    }
    focusDetails = Date.now();
  }

  // How to find the opener again after a re-render: its record id, table row or id.
  function describe(element) {
    if (!element || element === document.body) {
      return null;
    }
    var row = element.closest && element.closest(".ag-row[row-id]");
    return {
      element: element,
      recordId: element.getAttribute && element.getAttribute("data-record-id"),
      rowId: row ? row.getAttribute("row-id") : null,
      id: element.id || null,
    };
  }

  function restoreFocus() {
    var target = null;
    if (opener) {
      if (opener.element && opener.element.isConnected) {
        target = opener.element;
      } else if (opener.recordId) {
        target = document.querySelector('#record-list [data-record-id="' + opener.recordId + '"]');
      } else if (opener.rowId) {
        target = document.querySelector('#records-table .ag-row[row-id="' + opener.rowId + '"] [col-id]');
      } else if (opener.id) {
        target = document.getElementById(opener.id);
      }
    }
    opener = null;
    if (target && typeof target.focus === "function") {
      target.focus();
    }
  }

  function closeDetails() {
    var close = document.getElementById("detail-close");
    if (close) {
      close.click();
    }
  }

  document.addEventListener(
    "click",
    function (event) {
      var target = event.target;
      if (!target.closest) {
        return;
      }
      if (target.closest("[data-record-id], .partner-link, #records-table .ag-row")) {
        rememberOpener(document.activeElement === document.body ? target : document.activeElement);
      } else if (target.closest("#detail-close")) {
        window.setTimeout(restoreFocus, 0);
      }
    },
    true
  );

  document.addEventListener(
    "keydown",
    function (event) {
      if (event.key === "Enter" && event.target.closest && event.target.closest("#records-table .ag-row")) {
        rememberOpener(event.target);
      }
      if (event.key !== "Escape" || event.defaultPrevented) {
        return;
      }
      var active = document.activeElement;
      // A modal dialog and an open dropdown handle their own Escape.
      if (document.querySelector("dialog[open]") || (active && active.closest && active.closest("[data-radix-popper-content-wrapper], [aria-expanded=true].dash-dropdown"))) {
        return;
      }
      var details = active && active.closest && active.closest("details[open]");
      if (details) {
        details.open = false;
        var summary = details.querySelector("summary");
        if (summary) {
          summary.focus();
        }
        event.preventDefault();
        return;
      }
      var sheet = document.querySelector(".record-sheet.open");
      if (sheet) {
        var sheetClose = sheet.querySelector(".sheet-close");
        if (sheetClose) {
          sheetClose.click();
        }
        event.preventDefault();
        return;
      }
      if (detailsOpen()) {
        event.preventDefault();
        closeDetails();
        restoreFocus();
      }
    },
    true
  );

  function onDetailsRendered() {
    if (!focusDetails || Date.now() - focusDetails > FOCUS_WINDOW_MS || !detailsOpen()) {
      return;
    }
    var heading = document.querySelector("#detail-body h2");
    if (heading) {
      focusDetails = 0;
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  // --- Watch the page -------------------------------------------------------------------------
  var observer = new MutationObserver(function (mutations) {
    var detailsChanged = false;
    mutations.forEach(function (mutation) {
      var node = mutation.target.nodeType === 1 ? mutation.target : mutation.target.parentElement;
      if (!node || !node.closest) {
        return;
      }
      var watched = node.closest("[data-announce]");
      if (watched) {
        noteChange(watched);
      }
      // A page rendered with its first answer brings its watched elements filled: note
      // their first text (not announced), so the next change is.
      mutation.addedNodes.forEach(function (added) {
        if (added.nodeType === 1) {
          added.querySelectorAll("[data-announce]").forEach(noteChange);
        }
      });
      if (node.closest("#detail-body") || node.id === "detail-panel") {
        detailsChanged = true;
      }
    });
    nameDropdowns(document);
    if (detailsChanged) {
      onDetailsRendered();
    }
  });

  function start() {
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["class"],
    });
    nameDropdowns(document);
    document.querySelectorAll("[data-announce]").forEach(noteChange);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
