"""Load the demo: the geography, both DfE neighbour models and the bundled national data.

Everything comes from ``demo/data`` inside the repository (open data under the Open
Government Licence), so the demo works on a machine that has only this repository.
Loading twice changes nothing: areas are upserted, neighbour models replaced by the same
links, and files already imported are recognised by their hash and not read again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from cypp.geography.services import areas_load, statistical_neighbours_load
from cypp.indicators.importers.ees import load_mapping
from cypp.indicators.services import observations_import
from cypp.plans.plan_files import plan_load

NEIGHBOUR_MODELS = (
    # (key, name, published, file)
    (
        "dfe-sn-2025",
        "DfE statistical neighbours, 2025 model",
        dt.date(2025, 5, 1),
        "sn_model_2025_wide.csv",
    ),
    (
        "dfe-sn-2021",
        "DfE statistical neighbours, 2021 model",
        dt.date(2021, 4, 1),
        "New_Statistical_Neighbour_Groupings_April_2021.csv",
    ),
)


def demo_geography_load(*, data_dir: Path, say: Callable[[str], None] = print) -> None:
    """Areas with both codes, and both DfE statistical-neighbour models."""
    data = Path(data_dir)
    geography = areas_load(
        la_code_list=data / "lait" / "la_code_list.xlsx",
        ees_file=data / "ees" / "cla_number_and_rate_per_10k_children.csv",
        utla_lookup=data / "geography" / "LTLA-UTLA_Apr23_Lookup_England-Wales.csv",
        retired_councils=data / "geography" / "retired_councils.csv",
    )
    say(
        f"Geography: {geography.created} areas added, {geography.updated} checked; "
        f"retired: {', '.join(geography.retired)}."
    )
    for key, name, published, file_name in NEIGHBOUR_MODELS:
        result = statistical_neighbours_load(
            path=data / "statistical-neighbours" / file_name,
            key=key,
            name=name,
            published=published,
        )
        say(f"{name}: {result.created} neighbour links ({len(result.warnings)} rows skipped).")


# Demo people, for local use only: their passwords are in the README. One per role, with that
# role in both demo partnerships (Herefordshire and Worcestershire).
DEMO_PARTNERSHIPS = ("herefordshire", "worcestershire")
DEMO_PEOPLE = (
    # (username, role, organisation, what they may do)
    ("viewer", "viewer", None, "read the partnerships' plans"),
    (
        "contributor",
        "contributor",
        "Herefordshire Council",
        "edit the measures and commitments Herefordshire Council owns",
    ),
    ("analyst", "analyst", None, "edit the plans: data and structure"),
    ("admin", "administrator", None, "edit the plans and give people roles"),
)


def demo_password(username: str) -> str:
    return f"cypp-demo-{username}"


def demo_people_load(*, say: Callable[[str], None] = print) -> None:
    """One person per role in the demo partnerships, loaded after the plans. Loading again
    resets their passwords and records nothing new (roles already held are not changed)."""
    from django.contrib.auth.models import User

    from cypp.accounts.models import Organisation
    from cypp.accounts.services import partnership_role_set, person_save
    from cypp.plans.models import Partnership

    partnerships = list(Partnership.objects.filter(key__in=DEMO_PARTNERSHIPS))
    for username, role, organisation_name, _may in DEMO_PEOPLE:
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(demo_password(username))
        user.save()
        organisation = (
            Organisation.objects.get_or_create(name=organisation_name)[0]
            if organisation_name
            else None
        )
        person_save(by=None, user=user, organisation=organisation, display_name=username.title())
        for partnership in partnerships:
            partnership_role_set(by=None, user=user, partnership=partnership, role=role)
    say(
        f"Demo people: {', '.join(p[0] for p in DEMO_PEOPLE)} in "
        f"{', '.join(p.key for p in partnerships) or 'no partnership'} (passwords in the README)."
    )


def demo_load(*, data_dir: Path | None = None, say: Callable[[str], None] = print) -> None:
    """Load (or refresh) the whole demo: evidence, plans, people; each step says what it did."""
    data = Path(data_dir or settings.DEMO_DATA_DIR)
    demo_evidence_load(data_dir=data, say=say)
    demo_plans_load(plans_dir=data.parent / "plans", say=say)
    demo_people_load(say=say)
    from cypp.governance.demo import demo_governance_load

    demo_governance_load(say=say)
    from cypp.commentary.demo import demo_commentary_load

    demo_commentary_load(say=say)


def demo_evidence_load(*, data_dir: Path, say: Callable[[str], None] = print) -> None:
    """The geography, both neighbour models and the bundled national data."""
    data = Path(data_dir)
    mappings = data.parent / "mappings"
    demo_geography_load(data_dir=data, say=say)

    imports: list[tuple[str, Path, dict[str, object]]] = [
        ("lait", data / "lait" / "bds_long_0.parquet", {}),
        ("fingertips", data / "fingertips" / "la_hospital_admissions_2324.csv", {}),
    ]
    for mapping in sorted(mappings.glob("*.yaml")):
        imports.append(
            ("ees", data / "ees" / f"{mapping.stem}.csv", {"mapping": load_mapping(mapping)})
        )
    for importer, path, options in imports:
        report = observations_import(importer=importer, path=path, options=options)
        result = report.as_dict()
        if report.already_imported:
            say(f"{path.name}: already imported (batch {result['batch']}).")
        else:
            say(
                f"{path.name}: {result['rows_loaded']} observations loaded, "
                f"{result['rows_revised']} revised (batch {result['batch']})."
            )
    from cypp.indicators.notes import indicator_notes_load

    notes = indicator_notes_load(path=data.parent / "indicator-notes.yaml")
    say(f"Indicator notes: {notes.indicators} indicators, {notes.changed} changed.")


def demo_plans_load(*, plans_dir: Path, say: Callable[[str], None] = print) -> None:
    """The three demo plans, in the order they succeed each other (a plan names its
    predecessor, which must be loaded first). A file unchanged since the last load writes
    nothing."""
    for path in sorted(plans_dir.glob("*.yaml")):
        result = plan_load(path=path)
        state = "loaded" if result.created else ("updated" if result.changes else "unchanged")
        say(f"{path.name}: plan {result.plan.key} {state}.")
