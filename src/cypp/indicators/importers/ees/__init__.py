"""DfE Explore Education Statistics (EES) open-data CSV, chosen into indicators by a mapping.

``importer`` turns a file into observations, ``mapping`` reads and checks the mapping that
picks the series, ``inspect`` lists what a file holds so the analyst can write one.
"""

from cypp.indicators.importers.ees.importer import EesImporter
from cypp.indicators.importers.ees.inspect import ees_inspect
from cypp.indicators.importers.ees.mapping import load_mapping, mapping_problems

__all__ = ["EesImporter", "ees_inspect", "load_mapping", "mapping_problems"]
