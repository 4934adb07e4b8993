/* Corridor Map: play the years on the explorer, in the browser.
 * The play button starts (or pauses) a dcc.Interval; each tick moves the year select to the
 * next year in which something was founded or started, so each step is the one ordinary
 * filter change of choosing that year. Play stops on this year. */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.corridor = window.dash_clientside.corridor || {};

Object.assign(window.dash_clientside.corridor, {
  // The year select's value into the address bar's year= (the view callback reads it there).
  yearToUrl: function (year, search) {
    var params = new URLSearchParams(search || "");
    if ((params.get("year") || null) === (year === null || year === undefined ? null : String(year))) {
      return window.dash_clientside.no_update;
    }
    if (year === null || year === undefined) {
      params.delete("year");
    } else {
      params.set("year", String(year));
    }
    var query = params.toString().replace(/%2C/g, ",");
    return query ? "?" + query : "";
  },

  // Returns [year, interval disabled, button label, aria-pressed].
  yearPlay: function (clicks, ticks, year, stopped, steps) {
    var noUpdate = window.dash_clientside.no_update;
    var years = (steps && steps.years) || [];
    var labels = (steps && steps.labels) || {};
    var triggered = window.dash_clientside.callback_context.triggered_id;
    var stop = [noUpdate, true, labels.play, "false"];
    if (!years.length) {
      return stop;
    }
    if (triggered === "year-play") {
      if (!stopped) {
        return stop; // pause where it is
      }
      // Start from the earliest year, or carry on from a year chosen before this year.
      var last = years[years.length - 1];
      var from = year && year < last ? year : years[0];
      return [from, false, labels.pause, "true"];
    }
    if (stopped) {
      return [noUpdate, noUpdate, noUpdate, noUpdate];
    }
    var next = years.find(function (y) { return y > (year || 0); });
    if (next === undefined) {
      return stop;
    }
    var done = next === years[years.length - 1];
    return [next, done, done ? labels.play : labels.pause, done ? "false" : "true"];
  },
});
