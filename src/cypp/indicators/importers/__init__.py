"""The registry of importers: one module per published format behind one interface."""

from __future__ import annotations

from cypp.indicators.importers.base import Importer


def _registry() -> dict[str, type[Importer]]:
    from cypp.indicators.importers.deprivation import DeprivationImporter
    from cypp.indicators.importers.ees import EesImporter
    from cypp.indicators.importers.fingertips import FingertipsImporter
    from cypp.indicators.importers.lait import LaitImporter
    from cypp.indicators.importers.tidy import TidyImporter

    return {
        cls.key: cls
        for cls in (
            LaitImporter,
            EesImporter,
            FingertipsImporter,
            TidyImporter,
            DeprivationImporter,
        )
    }


def importer_class(key: str) -> type[Importer]:
    registry = _registry()
    if key not in registry:
        raise KeyError(f"No importer {key!r}; choose one of {', '.join(sorted(registry))}.")
    return registry[key]


def importer_keys() -> list[str]:
    return sorted(_registry())
