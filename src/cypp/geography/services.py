"""Writes to the geography: areas from the DfE and ONS code lists, and comparator models.

Areas are reference data that every import resolves codes against, so they are loaded
from the published lists (never typed in by hand) and reloading is idempotent.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from django.db import transaction

from cypp.errors import ApplicationError
from cypp.geography.models import Area, AreaType, ComparatorModel, Neighbour

ENGLAND_CODE = "E92000001"
# The DfE numbers its regions and England in the LAIT code list; ONS codes come from EES files.
# LAIT writes the London sub-regions as "London (Inner)" where EES writes "Inner London".
_LAIT_NAME_ALIASES = {"london (inner)": "inner london", "london (outer)": "outer london"}
_LA_TYPES = {
    "UA": "Unitary authority",
    "SC": "County council",
    "MD": "Metropolitan district",
    "ILB": "Inner London borough",
    "OLB": "Outer London borough",
}


class GeographyError(ApplicationError, ValueError):
    """A geography file that cannot be loaded; the message names the file, row and reason."""


@dataclass
class GeographyLoadResult:
    created: int = 0
    updated: int = 0
    retired: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _read_csv(path: Path) -> list[dict[str, str]]:
    # utf-8-sig: several DfE files start with a byte-order mark.
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _name_key(name: str) -> str:
    key = " ".join(name.split()).casefold()
    return _LAIT_NAME_ALIASES.get(key, key)


@transaction.atomic
def areas_load(
    *,
    la_code_list: Path,
    ees_file: Path,
    utla_lookup: Path,
    retired_councils: Path | None = None,
) -> GeographyLoadResult:
    """Load England, regions and local authorities with both codes, idempotently.

    - ``la_code_list``: the DfE LAIT code list (XLSX: LA Number, LA Name, Region, Type).
    - ``ees_file``: any EES open-data CSV at local-authority level, which pairs each
      ``old_la_code`` with its ONS ``new_la_code`` and names each region with its code.
    - ``utla_lookup``: the ONS lower-to-upper-tier lookup; a council with data in the EES
      file but absent from the current lookup (Cumbria, Northamptonshire) is marked retired.
    - ``retired_councils``: optional CSV (dfe_code, ons_code, name, abolished, source) for
      councils abolished before the EES series began, whose history LAIT still carries
      (Dorset, Poole and Bournemouth before the 2019 reorganisation).
    """
    result = GeographyLoadResult()
    ons_by_dfe: dict[str, tuple[str, str, str]] = {}
    region_codes: dict[str, tuple[str, str]] = {}
    for row in _read_csv(ees_file):
        level = row.get("geographic_level", "")
        if level == "Local authority" and row.get("old_la_code"):
            ons_by_dfe[row["old_la_code"]] = (
                row["new_la_code"],
                row["la_name"],
                row["region_code"],
            )
        if row.get("region_code"):
            region_codes[_name_key(row["region_name"])] = (row["region_code"], row["region_name"])
    if not ons_by_dfe:
        raise GeographyError(f"{ees_file.name}: no local-authority rows with old_la_code.")
    current_upper_tier = {row["UTLA23CD"] for row in _read_csv(utla_lookup)}
    abolished: dict[str, dict[str, str]] = {}
    if retired_councils is not None:
        for row in _read_csv(retired_councils):
            abolished[row["dfe_code"]] = row
            ons_by_dfe.setdefault(row["dfe_code"], (row["ons_code"], row["name"], ""))

    def upsert(code: str, **values: object) -> Area:
        area, created = Area.objects.update_or_create(code=code, defaults=values)
        if created:
            result.created += 1
        else:
            result.updated += 1
        return area

    upsert(ENGLAND_CODE, name="England", area_type=AreaType.ENGLAND, dfe_code="970")
    workbook = openpyxl.load_workbook(la_code_list, read_only=True, data_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    header = [str(cell).strip() for cell in rows[0]]
    expected = ["LA Number", "LA Name", "Region", "Type"]
    if header[:4] != expected:
        raise GeographyError(
            f"{la_code_list.name}: row 1: expected columns {expected}, found {header[:4]}."
        )
    regions: dict[str, Area] = {}
    authorities: list[tuple[int, str, str, str, str]] = []
    for number, (dfe, name, region_name, la_type) in enumerate((r[:4] for r in rows[1:]), start=2):
        if dfe is None:
            continue
        dfe_code, name = str(int(dfe)), str(name).strip()
        if dfe_code == "970" or name.casefold().startswith("england"):
            continue  # England is made above; "England (discontinued)" is not a place.
        if la_type in (None, "NA") and region_name in (None, "NA"):
            key = _name_key(name)
            if key not in region_codes:
                raise GeographyError(
                    f"{la_code_list.name}: row {number}: region {name!r} has no ONS code "
                    f"in {ees_file.name}."
                )
            code, ees_name = region_codes[key]
            sub = code.startswith("E13")
            regions[key] = upsert(
                code,
                # London's sub-regions are named as LAIT names them: London (Inner), (Outer).
                name=name if sub else ees_name,
                dfe_code=dfe_code,
                area_type=AreaType.SUB_REGION if sub else AreaType.REGION,
                region=None,
                la_type="",
            )
            continue
        authorities.append((number, dfe_code, name, str(region_name), str(la_type)))

    london = regions.get("london")
    for number, dfe_code, name, region_name, la_type in authorities:
        if dfe_code not in ons_by_dfe:
            # Councils abolished before the EES series began (e.g. "Poole (Pre LG)") have
            # no ONS code there and no data to carry; they are reported, not invented.
            result.warnings.append(
                f"{la_code_list.name}: row {number}: LA {dfe_code} {name!r} has no ONS code "
                f"in {ees_file.name}; skipped."
            )
            continue
        # Herefordshire's EES name is "Herefordshire, County of"; the DfE list's name is kept.
        ons_code, _ees_name, _region_code = ons_by_dfe[dfe_code]
        region_key = _name_key(region_name)
        sub_region = regions.get(region_key) if region_key.endswith(" london") else None
        region = london if sub_region is not None else regions.get(region_key)
        if region is None:
            raise GeographyError(
                f"{la_code_list.name}: row {number}: LA {dfe_code} {name!r} names an unknown "
                f"region {region_name!r}."
            )
        retired = ons_code not in current_upper_tier
        note = ""
        if dfe_code in abolished:
            note = f"Abolished {abolished[dfe_code]['abolished']}: {abolished[dfe_code]['source']}"
        elif retired:
            note = f"Not an upper-tier authority in {utla_lookup.name}"
        upsert(
            ons_code,
            name=name,
            dfe_code=dfe_code,
            area_type=AreaType.LOCAL_AUTHORITY,
            la_type=_LA_TYPES.get(la_type, la_type),
            region=region,
            sub_region=sub_region,
            retired=retired,
            retired_note=note[:200],
        )
        if retired:
            result.retired.append(f"{dfe_code} {name}")
    return result


@transaction.atomic
def districts_load(*, utla_lookup: Path) -> GeographyLoadResult:
    """Load England's lower-tier districts, each under its county, from the ONS lookup.

    A row whose lower-tier code equals its upper-tier code is a unitary, metropolitan or
    London authority: one council for both tiers, already an area, so nothing is added. Every
    other English row is a district of a county council (E07000234 Bromsgrove in E10000034
    Worcestershire), added with its county's region. Welsh rows are left out. Run after
    ``areas_load``; reloading is idempotent. Raises GeographyError if a county is unknown.
    """
    result = GeographyLoadResult()
    rows = _read_csv(utla_lookup)
    missing = {"LTLA23CD", "LTLA23NM", "UTLA23CD"} - set(rows[0] if rows else {})
    if missing:
        raise GeographyError(f"{utla_lookup.name}: row 1: missing {', '.join(sorted(missing))}.")
    counties = {
        a.code: a
        for a in Area.objects.filter(
            code__in={r["UTLA23CD"] for r in rows}, area_type=AreaType.LOCAL_AUTHORITY
        )
    }
    for number, row in enumerate(rows, start=2):
        code, county_code = row["LTLA23CD"].strip(), row["UTLA23CD"].strip()
        if not code.startswith("E") or code == county_code:
            continue
        county = counties.get(county_code)
        if county is None:
            raise GeographyError(
                f"{utla_lookup.name}: row {number}: district {code} names county {county_code}, "
                "which is not in the geography (load the areas first)."
            )
        _area, created = Area.objects.update_or_create(
            code=code,
            defaults={
                "name": row["LTLA23NM"].strip(),
                "area_type": AreaType.DISTRICT,
                "la_type": "Non-metropolitan district",
                "county": county,
                "region": county.region,
            },
        )
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result


@transaction.atomic
def statistical_neighbours_load(
    *, path: Path, key: str, name: str, published: dt.date | None = None
) -> GeographyLoadResult:
    """Load a DfE statistical-neighbours model from its published CSV (2021 or 2025 layout).

    Both layouts list, per LA (DfE code in the first column), ten neighbours in rank order,
    each followed by its closeness label ("Very close", "Extremely Close"...). Reloading
    replaces the model's links with the file's, so a corrected file leaves no stale links.
    Rows for councils that no longer exist in the geography (e.g. "Poole (Pre LG)") are
    skipped with a warning rather than failing the whole model.
    """
    result = GeographyLoadResult()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = [cell.strip() for cell in next(reader)]
        rows = list(reader)
    if header[0] not in {"LA num", "old_la_code"}:
        raise GeographyError(
            f"{path.name}: row 1: first column is {header[0]!r}; expected 'LA num' (2021 model) "
            "or 'old_la_code' (2025 model)."
        )
    first_neighbour = next(
        (i for i, column in enumerate(header) if column in {"SN1", "SN_1"}), None
    )
    if first_neighbour is None:
        raise GeographyError(f"{path.name}: row 1: no SN1 / SN_1 column.")
    areas = {a.dfe_code: a for a in Area.objects.exclude(dfe_code=None)}
    model, _ = ComparatorModel.objects.update_or_create(
        key=key,
        defaults={"name": name, "published": published, "source": path.name},
    )
    Neighbour.objects.filter(model=model).delete()
    links: list[Neighbour] = []
    for number, row in enumerate(rows, start=2):
        if not row or not row[0].strip():
            continue
        subject = areas.get(row[0].strip())
        if subject is None:
            result.warnings.append(
                f"{path.name}: row {number}: LA {row[0]} {row[1]!r} is not in the geography; "
                "skipped."
            )
            continue
        for rank in range(1, 11):
            column = first_neighbour + 2 * (rank - 1)
            if column >= len(row):
                raise GeographyError(f"{path.name}: row {number}: fewer than 10 neighbours.")
            code = row[column].strip()
            closeness = row[column + 1].strip() if column + 1 < len(row) else ""
            neighbour = areas.get(code)
            if neighbour is None:
                result.warnings.append(
                    f"{path.name}: row {number}, column {header[column]}: neighbour {code} "
                    "is not in the geography; skipped."
                )
                continue
            links.append(
                Neighbour(
                    model=model, area=subject, neighbour=neighbour, rank=rank, closeness=closeness
                )
            )
    Neighbour.objects.bulk_create(links, batch_size=2000)
    result.created = len(links)
    return result
