// Corridor Map's plotly.js: the core (which always includes `scatter`) plus only the trace
// types the app draws: Scattermap (corridor_map/figure.py) and Heatmap (views.py,
// analytics_view.py). Built by scripts/build_plotly_bundle.sh into assets/vendor/; dcc.Graph
// uses this window.Plotly instead of fetching Dash's full plotly.min.js.
// Adding a trace type to the app? Register it here and rebuild.
var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/scattermap'), require('plotly.js/lib/heatmap')]);

module.exports = Plotly;
