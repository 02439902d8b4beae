"""The requests a refresh makes: Fingertips' CSV export and the DfE EES data set CSV.

**OHID Fingertips** (https://fingertips.phe.org.uk/api/, no key). Two CSV endpoints give the
same file as the site's "Export data" button, which the Fingertips importer reads:

- ``all_data/csv/by_indicator_id?indicator_ids=90284,90285&child_area_type_id=502
  &parent_area_type_id=6[&profile_id=N]`` (at most 100 indicators a request)
- ``all_data/csv/by_profile_id?child_area_type_id=502&parent_area_type_id=6&profile_id=N``

Both also take ``parent_area_code`` (England by default). The routes and parameters are the
web service's own (``DataController``, routes ``all_data/csv/by_indicator_id`` and
``all_data/csv/by_profile_id``, in ukhsa-collaboration/fingertips-open) and are what the
official clients call (ukhsa-collaboration/PHDS_fingertips_py ``retrieve_data``:
``get_data_by_indicator_ids`` and ``get_all_data_for_profile``; ropensci/fingertipsR
``fingertips_data``). Area type 502 is "Counties & UAs (from Apr
2023)", the upper-tier authorities; parent type 6 is "Regions (statistical)", so the file
holds England, the nine regions and every authority.

**DfE explore education statistics** (https://api.education.gov.uk/statistics/v1/, no
key): ``data-sets/{dataSetId}/csv?dataSetVersion=1.0`` downloads a data set version as CSV
(endpoint "Download a data set as CSV", api.education.gov.uk/statistics/docs/reference-v1/
endpoints/DownloadDataSetCsv/); ``data-sets/{dataSetId}/meta?dataSetVersion=1.0`` is its
metadata as JSON (indicators with their column, label, unit and decimal places). The EES
importer reads the CSV through a mapping, as it reads a downloaded file.
"""

from __future__ import annotations

import csv
import io
import json
import re

from cypp.indicators.refresh.client import ApiRequest, OfficialApiError

FINGERTIPS_API = "https://fingertips.phe.org.uk/api/"
EES_API = "https://api.education.gov.uk/statistics/v1/"
UPPER_TIER = 502  # Counties & UAs (from Apr 2023)
REGIONS = 6  # Regions (statistical): England and the regions come with the authorities
MAX_INDICATORS = 100  # the web service reads at most 100 ids a request
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}$")


def indicator_ids_parse(text: str) -> tuple[int, ...]:
    """``"90284, 90285"`` -> ``(90284, 90285)``; OfficialApiError on anything else."""
    ids: list[int] = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        if not part.isdigit():
            raise OfficialApiError(
                f"{part!r} is not a Fingertips indicator id: write whole numbers, e.g. 90284."
            )
        if int(part) not in ids:
            ids.append(int(part))
    return tuple(ids)


def fingertips_request(
    *,
    indicator_ids: tuple[int, ...] = (),
    profile_id: int | None = None,
    area_type: int = UPPER_TIER,
    parent_area_type: int = REGIONS,
) -> ApiRequest:
    """The CSV export of the indicators (optionally as a profile presents them), or of a
    whole profile when no indicator is named."""
    if not indicator_ids and profile_id is None:
        raise OfficialApiError("Name a Fingertips indicator id or a profile id to refresh.")
    if len(indicator_ids) > MAX_INDICATORS:
        raise OfficialApiError(
            f"Fingertips gives at most {MAX_INDICATORS} indicators a request; "
            f"{len(indicator_ids)} were named. Split them into several refreshes."
        )
    areas = (("child_area_type_id", str(area_type)), ("parent_area_type_id", str(parent_area_type)))
    if indicator_ids:
        ids = ",".join(str(i) for i in indicator_ids)
        profile = (("profile_id", str(profile_id)),) if profile_id is not None else ()
        return ApiRequest(
            base=FINGERTIPS_API,
            path="all_data/csv/by_indicator_id",
            params=(("indicator_ids", ids), *areas, *profile),
            recorded_name=(
                f"fingertips_indicators_{ids.replace(',', '-')}_{area_type}_{parent_area_type}"
                + (f"_profile{profile_id}" if profile_id is not None else "")
                + ".csv"
            ),
            what=f"Fingertips indicator{'s' if len(indicator_ids) > 1 else ''} {ids} "
            f"(area type {area_type})",
        )
    return ApiRequest(
        base=FINGERTIPS_API,
        path="all_data/csv/by_profile_id",
        params=(*areas, ("profile_id", str(profile_id))),
        recorded_name=f"fingertips_profile_{profile_id}_{area_type}_{parent_area_type}.csv",
        what=f"Fingertips profile {profile_id} (area type {area_type})",
    )


def _checked_id(dataset_id: str, version: str) -> None:
    if not _ID.match(dataset_id):
        raise OfficialApiError(f"{dataset_id!r} is not an EES data set id.")
    if not re.fullmatch(r"[0-9*]+(\.[0-9*]+){0,2}", version):
        raise OfficialApiError(
            f"{version!r} is not a data set version: write it as EES does, e.g. 1.0 or 2.1."
        )


def ees_csv_request(*, dataset_id: str, version: str) -> ApiRequest:
    """The data set version as CSV."""
    _checked_id(dataset_id, version)
    return ApiRequest(
        base=EES_API,
        path=f"data-sets/{dataset_id}/csv",
        params=(("dataSetVersion", version),),
        recorded_name=f"ees_{dataset_id}_{version}.csv",
        what=f"EES data set {dataset_id} version {version}",
    )


def ees_meta_request(*, dataset_id: str, version: str) -> ApiRequest:
    """The data set version's metadata (JSON)."""
    _checked_id(dataset_id, version)
    return ApiRequest(
        base=EES_API,
        path=f"data-sets/{dataset_id}/meta",
        params=(("dataSetVersion", version),),
        recorded_name=f"ees_{dataset_id}_{version}.meta.json",
        what=f"the metadata of EES data set {dataset_id} version {version}",
    )


META_COLUMNS = ["col_name", "col_type", "label", "indicator_unit", "indicator_dp", "filter_hint"]


def ees_meta_csv(body: bytes, *, what: str) -> str:
    """The API's metadata JSON as the ``.meta.csv`` EES publishes beside a file, which the
    importer reads for each indicator's label, unit and decimals."""
    try:
        meta = json.loads(body)
        indicators = meta.get("indicators") or []
        filters = meta.get("filters") or []
        rows = [
            {
                "col_name": str(i["column"]),
                "col_type": "Indicator",
                "label": str(i.get("label") or ""),
                "indicator_unit": str(i.get("unit") or ""),
                "indicator_dp": "" if i.get("decimalPlaces") is None else str(i["decimalPlaces"]),
                "filter_hint": "",
            }
            for i in indicators
        ] + [
            {
                "col_name": str(f["column"]),
                "col_type": "Filter",
                "label": str(f.get("label") or ""),
                "indicator_unit": "",
                "indicator_dp": "",
                "filter_hint": str(f.get("hint") or ""),
            }
            for f in filters
        ]
    except (ValueError, AttributeError, KeyError, TypeError) as error:
        raise OfficialApiError(
            f"The answer for {what} is not the metadata EES describes ({error}). "
            "Nothing was changed."
        ) from error
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=META_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
