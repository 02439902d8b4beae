"""Load the demo: the geography, both DfE neighbour models and the bundled national data.

Everything comes from ``demo/data`` inside the repository (open data under the Open
Government Licence), so the demo works on a machine that has only this repository.
The demo is loaded once. A second run adds only what it never loaded (a new plan, person,
role, period or data file) and changes or deletes nothing that exists, so what users edited
or added stays: each plan, person, role and the governance and commentary examples are
recorded as loaded (``DemoLoaded``) and never loaded again; evidence files are recognised by
their hash. ``demo_reset`` deletes the demo partnerships' data and loads them afresh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from cypp.accounts.models import Partnership
from cypp.demo.models import DemoLoaded
from cypp.geography.services import areas_load, districts_load, statistical_neighbours_load
from cypp.indicators.importers.ees import load_mapping
from cypp.indicators.services import observations_import
from cypp.plans.models import Plan
from cypp.plans.plan_files import plan_file_check, plan_load_text
from cypp.plans.plan_files.canonical import document_dump
from cypp.plans.plan_files.exporter import partnership_document

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


def demo_geography_load(*, data_dir: Path, say: Callable[[str], None] = print) -> int:
    """Areas with both codes, and both DfE statistical-neighbour models; returns how many
    areas were new."""
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
    # Lower-tier districts under their counties, for figures published only by district.
    districts = districts_load(
        utla_lookup=data / "geography" / "LTLA-UTLA_Apr23_Lookup_England-Wales.csv"
    )
    say(f"Districts: {districts.created} added, {districts.updated} checked.")
    for key, name, published, file_name in NEIGHBOUR_MODELS:
        result = statistical_neighbours_load(
            path=data / "statistical-neighbours" / file_name,
            key=key,
            name=name,
            published=published,
        )
        say(f"{name}: {result.created} neighbour links ({len(result.warnings)} rows skipped).")
    return geography.created + districts.created


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


def measures_linked(links: dict[tuple[str, str], str], say: Callable[[str], None]) -> None:
    """Point demo plans' measures at indicators the demo publishes itself (early help counts,
    survey results): a plan file may name only an indicator already in the evidence store, so
    the loader links them once published, through the plans' own service (recorded in the
    plan's history). ``links``: (plan key, measure key) to the indicator's reference; a
    measure that has an indicator already, or an indicator not published, is left alone."""
    from cypp.indicators.selectors import UnknownIndicator, indicator_get
    from cypp.plans.models import Measure
    from cypp.plans.services import plan_part_save

    for (plan_key, measure_key), reference in links.items():
        measure = (
            Measure.objects.filter(
                outcome__priority__plan__key=plan_key, key=measure_key, indicator__isnull=True
            )
            .select_related("outcome__priority__plan")
            .first()
        )
        if measure is None:
            continue
        try:
            measure.indicator = indicator_get(reference=reference)
        except UnknownIndicator:
            continue  # nothing published for it
        plan_part_save(
            by=None, plan=measure.outcome.priority.plan, instance=measure, fields=["indicator"]
        )
        say(f"{plan_key}: measure {measure_key} reads {reference}.")


def demo_password(username: str) -> str:
    return f"cypp-demo-{username}"


def _loaded(item: str) -> bool:
    return DemoLoaded.objects.filter(item=item).exists()


def _mark(item: str) -> None:
    DemoLoaded.objects.get_or_create(item=item)


def _once(item: str, *, exists: bool) -> bool:
    """Whether ``item`` is still to load. Something already in CYPP (a demo loaded before
    markers were kept, or made by hand) counts as loaded: the loader never changes it."""
    if _loaded(item):
        return False
    if exists:
        _mark(item)
        return False
    return True


def demo_people_load(*, say: Callable[[str], None] = print) -> list[str]:
    """One person per role in the demo partnerships, loaded after the plans. A person or a
    role loaded once is never touched again: a changed password, organisation or role
    stays as its user left it. Returns what was added."""
    from django.contrib.auth.models import User

    from cypp.accounts.models import Organisation, PartnershipRole
    from cypp.accounts.services import partnership_role_set, person_save

    added: list[str] = []
    partnerships = list(Partnership.objects.filter(key__in=DEMO_PARTNERSHIPS))
    for username, role, organisation_name, _may in DEMO_PEOPLE:
        user = User.objects.filter(username=username).first()
        if _once(f"person:{username}", exists=user is not None):
            user = User.objects.create_user(username=username, password=demo_password(username))
            organisation = (
                Organisation.objects.get_or_create(name=organisation_name)[0]
                if organisation_name
                else None
            )
            person_save(
                by=None, user=user, organisation=organisation, display_name=username.title()
            )
            _mark(f"person:{username}")
            added.append(f"person {username}")
        if user is None:
            continue  # loaded once and deleted since: theirs to delete
        for partnership in partnerships:
            item = f"role:{username}@{partnership.key}"
            held = PartnershipRole.objects.filter(user=user, partnership=partnership).exists()
            if _once(item, exists=held):
                partnership_role_set(by=None, user=user, partnership=partnership, role=role)
                _mark(item)
                added.append(f"{username} as {role} in {partnership.key}")
    say(
        f"Demo people: {', '.join(added) + ' added' if added else 'nothing to add'} "
        "(passwords in the README)."
    )
    return added


def demo_load(*, data_dir: Path | None = None, say: Callable[[str], None] = print) -> list[str]:
    """Load the demo once: evidence, plans, people, governance, commentary. A second run adds
    only what it has never loaded (a new plan, person, period or data file) and changes or
    deletes nothing, so what users edited or added stays. Says, and returns, what it added;
    ``demo_reset`` starts over."""
    data = Path(data_dir or settings.DEMO_DATA_DIR)
    added = demo_evidence_load(data_dir=data, say=say)
    added += demo_plans_load(plans_dir=data.parent / "plans", say=say)
    added += demo_people_load(say=say)
    added += _demo_families(data, say)
    added += _demo_governance_once(say)
    added += _demo_commentary_once(say)
    added += _demo_voice(data, say)
    say(f"Demo: added {_added_words(added)}." if added else "Demo: nothing to add.")
    return added


def _added_words(added: list[str]) -> str:
    """What was added, grouped: '170 areas, 9 data files, 3 plans, 4 people, 8 roles, ...'."""
    groups = {"data from ": "data files", "plan ": "plans", "person ": "people", " as ": "roles"}
    singular = {"data files": "data file", "plans": "plan", "people": "person", "roles": "role"}
    counts: dict[str, int] = {}  # in the order first seen; a count of 0 is an item as it is
    for item in added:
        group = next(
            (
                name
                for mark, name in groups.items()
                if (mark in item if mark == " as " else item.startswith(mark))
            ),
            None,
        )
        if group is None:
            counts[item] = 0
        else:
            counts[group] = counts.get(group, 0) + 1
    return ", ".join(
        label if n == 0 else f"{n} {singular[label] if n == 1 else label}"
        for label, n in counts.items()
    )


def _demo_families(data: Path, say: Callable[[str], None]) -> list[str]:
    """The synthetic early help cohort and what hangs from it (cypp.demo.families), after the
    plans (they make Herefordshire's partnership) and the people (its administrator gives the
    early help roles)."""
    from cypp.demo.families import demo_families_load

    return demo_families_load(data_dir=data, say=say)


def _demo_voice(data: Path, say: Callable[[str], None]) -> list[str]:
    """The SYNTHETIC wellbeing survey, its answers, themes and "you said, we did"
    (cypp.demo.voice), after the governance demo (a reply is linked to a board's action)."""
    from cypp.demo.voice import demo_voice_load
    from cypp.demo.voice_named import demo_voice_named_load

    added = demo_voice_load(data_dir=data, say=say)
    return added + demo_voice_named_load(data_dir=data, say=say)


def _demo_governance_once(say: Callable[[str], None]) -> list[str]:
    from cypp.governance.demo import demo_governance_load
    from cypp.governance.models import Body

    partnerships = Partnership.objects.filter(key__in=DEMO_PARTNERSHIPS)
    if partnerships.count() < len(DEMO_PARTNERSHIPS):
        return []  # the governance demo needs both partnerships
    if not _once("governance", exists=Body.objects.filter(partnership__in=partnerships).exists()):
        return []
    demo_governance_load(say=say)
    _mark("governance")
    return ["the governance demo"]


def _demo_commentary_once(say: Callable[[str], None]) -> list[str]:
    from cypp.commentary.demo import DEMO_PLAN, demo_commentary_load
    from cypp.commentary.models import ReportingPeriod

    if not Plan.objects.filter(key=DEMO_PLAN).exists():
        return []
    periods = ReportingPeriod.objects.filter(plan__key=DEMO_PLAN).exists()
    if not _once("commentary", exists=periods):
        return []
    demo_commentary_load(say=say)
    _mark("commentary")
    return [f"reporting periods and commentary on {DEMO_PLAN}"]


def demo_evidence_load(*, data_dir: Path, say: Callable[[str], None] = print) -> list[str]:
    """The geography, both neighbour models and the bundled national data. Reference data
    from files: areas are matched by code and a file already imported (same hash) is not
    read again. Returns what was added."""
    data = Path(data_dir)
    mappings = data.parent / "mappings"
    added: list[str] = []
    areas = demo_geography_load(data_dir=data, say=say)
    if areas:
        added.append(f"{areas} areas")

    imports: list[tuple[str, Path, dict[str, object]]] = [
        ("lait", data / "lait" / "bds_long_0.parquet", {}),
        ("fingertips", data / "fingertips" / "la_hospital_admissions_2324.csv", {}),
        # District level (lower tier): after the districts, above; see importers/deprivation.
        ("iod", data / "deprivation" / "indices_of_deprivation_2025_lad.csv", {}),
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
            added.append(f"data from {path.name}")
    from cypp.indicators.notes import indicator_notes_load

    notes = indicator_notes_load(path=data.parent / "indicator-notes.yaml")
    say(f"Indicator notes: {notes.indicators} indicators, {notes.changed} changed.")
    return added


def demo_plans_load(*, plans_dir: Path, say: Callable[[str], None] = print) -> list[str]:
    """The demo plans, in the order they succeed each other (a plan names its predecessor,
    which must be loaded first). A plan loaded once, or already in CYPP, is left as it is,
    whatever its file says now; a new plan of a partnership already there leaves the
    partnership as it is too. Returns what was added."""
    added: list[str] = []
    for path in sorted(plans_dir.glob("*.yaml")):
        text = path.read_bytes().decode("utf-8")
        checked = plan_file_check(text=text, file=path.name)
        key = checked.plan_key
        if not _once(f"plan:{key}", exists=Plan.objects.filter(key=key).exists()):
            say(f"{path.name}: plan {key} loaded before; left as it is.")
            continue
        partnership = Partnership.objects.filter(key=checked.document["partnership"]["key"]).first()
        if partnership is not None:
            doc = {
                **checked.document,
                "partnership": partnership_document(partnership=partnership)["partnership"],
            }
            text = document_dump(doc)
        result = plan_load_text(text=text, file=path.name)
        _mark(f"plan:{key}")
        added.append(f"plan {key}")
        say(f"{path.name}: plan {result.plan.key} loaded.")
    return added


def demo_reset_summary() -> str:
    """What ``demo_reset`` would delete, in a sentence for the confirmation prompt."""
    from cypp.commentary.models import MeasureCommentary
    from cypp.plans.models import Measure

    partnerships = Partnership.objects.filter(key__in=DEMO_PARTNERSHIPS)
    plans = Plan.objects.filter(partnership__in=partnerships)
    measures = Measure.objects.filter(outcome__priority__plan__in=plans).count()
    commentaries = MeasureCommentary.objects.filter(measure__outcome__priority__plan__in=plans)
    keys = ", ".join(p.key for p in partnerships) or "none loaded"
    return (
        f"the demo partnerships ({keys}) with everything in them: {plans.count()} plans, "
        f"{measures} measures, {commentaries.count()} commentaries, their governance, "
        "board packs, surveys with their answers and themes, and roles, including whatever "
        "users added or changed there"
    )


def demo_reset(*, data_dir: Path | None = None, say: Callable[[str], None] = print) -> list[str]:
    """Delete the demo partnerships and everything in them, then load the demo again.

    The demo people keep their accounts but get the README's passwords back and their
    roles afresh; evidence (areas, national data) is reference data and stays."""
    from django.contrib.auth.models import User
    from django.db import transaction

    from cypp.demo.families import DEMO_EARLY_HELP_PEOPLE
    from cypp.demo.voice import demo_voice_delete
    from cypp.demo.voice_named import DEMO_VOICE_PEOPLE
    from cypp.reports.models import BoardPack

    with transaction.atomic():
        partnerships = list(Partnership.objects.filter(key__in=DEMO_PARTNERSHIPS))
        plans = Plan.objects.filter(partnership__in=partnerships)
        BoardPack.objects.filter(plan__in=plans).delete()  # a plan protects its packs
        demo_voice_delete(partnerships)  # surveys and themes protect their partnership
        deleted = plans.count()
        plans.delete()
        for partnership in partnerships:
            partnership.delete()
        DemoLoaded.objects.exclude(item__startswith="person:").delete()
        for username, *_rest in (*DEMO_PEOPLE, *DEMO_EARLY_HELP_PEOPLE, *DEMO_VOICE_PEOPLE):
            user = User.objects.filter(username=username).first()
            if user is not None:
                user.set_password(demo_password(username))
                user.save(update_fields=["password"])
        say(
            f"Deleted {len(partnerships)} demo partnerships and {deleted} plans; "
            "demo passwords set back to the README's."
        )
        return demo_load(data_dir=data_dir, say=say)
