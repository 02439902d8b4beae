"""Charts for evidence pages and reports: Vega-Lite rendered to SVG on the server.

Every chart carries a title, a text alternative that names its key figures and the table of
every figure it plots; lines and markers differ by dash pattern, shape and label as well
as colour. Time series sit on a time axis at their periods' ends, break at gaps and at
breaks in the series, and say where their value axis starts when it is not zero.
``sparkline`` and the area profile's ``spine.spine_row`` are hand-built SVG (fast enough for one per table
row); the others are Vega-Lite specifications rendered by vl-convert and cached.
"""

from cypp.charts.base import Cell, Chart, DataTable, number_text, render_svg
from cypp.charts.count_and_rate import count_and_rate_chart
from cypp.charts.inline import sparkline
from cypp.charts.neighbours import Bar, Reference, neighbours_chart
from cypp.charts.series import Break, Point, Series, Target
from cypp.charts.time_series import time_series_chart

__all__ = [
    "Bar",
    "Break",
    "Cell",
    "Chart",
    "DataTable",
    "Point",
    "Reference",
    "Series",
    "Target",
    "count_and_rate_chart",
    "neighbours_chart",
    "number_text",
    "render_svg",
    "sparkline",
    "time_series_chart",
]
