"""The board pack: one builder (a tree of sections) and its renderers (HTML, PDF, tables)."""

from cypp.downloads import Table
from cypp.reports.board_pack.builder import board_pack_build, measure_snapshot
from cypp.reports.board_pack.sections import BoardPackReport, Section

__all__ = ["BoardPackReport", "Section", "Table", "board_pack_build", "measure_snapshot"]
