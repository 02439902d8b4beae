# One period model (ADR 0014): two new types of period, and stored periods relabelled to
# the one style. Written by hand: the parser is pure Python with no models, so the
# migration uses it as the importers do.

from django.db import migrations, models

# LAIT measures whose type of period changed, with the Year_Type their dictionary gives.
# NCCIS's NEET figures are December to February averages (LAIT calls them financial
# years); January school census and end-of-September workforce measures are snapshot days.
LAIT_RETYPED = {
    "16-17 NEET": "NCCIS",
    "16-17_not known_NEET": "NCCIS",
    **dict.fromkeys(
        [
            "EALPri",
            "EALSec",
            "Ever6_FSM_Prim",
            "Ever6_FSM_Sec",
            "PriFSM",
            "SEN_CASES_JAN",
            "SecFSM",
        ],
        "Annual - January",
    ),
    **dict.fromkeys(
        [
            "Sept_Guarantee",
            "Social_Work_Caseholders_%",
            "Social_Work_Leavers",
            "Social_Work_Qualified_no_cases_%",
            "Social_Work_SeniorPractitioner_%",
            "Social_Work_Starters",
            "Vacancies_cover",
            "Work_Force_Agecy_Rate",
            "Work_Force_AgencyCover",
            "Work_Force_AvgNumCase_SW",
            "Work_Force_NoSW",
            "Work_Force_Num_CaseHeld",
            "Work_Force_SWAbsence",
            "Work_Force_TO_Rate",
            "Work_Force_Vac_Rate",
        ],
        "Annual (end of Sept)",
    ),
}
PERIOD_TYPES = [
    ("financial", "Financial year"),
    ("academic", "Academic year"),
    ("calendar", "Calendar year"),
    ("reporting", "Reporting year"),
    ("rolling", "Rolling multi-year"),
    ("quarter", "Quarter"),
    ("month", "Month"),
    ("snapshot", "Snapshot date"),
    ("dec_feb_average", "December to February average"),
    ("other", "Other"),
]


def _target(Period, parsed):
    period, _ = Period.objects.get_or_create(
        period_type=parsed.period_type,
        label=parsed.label,
        defaults={"sort_key": parsed.sort_key, "start": parsed.start, "end": parsed.end},
    )
    return period


def _move(Observation, source, target, **only):
    """Move observations to the target period unless one would collide with another."""
    moving = Observation.objects.filter(period=source, **only)
    clash = Observation.objects.filter(
        period=target,
        indicator_id__in=moving.values("indicator_id"),
        area_id__in=moving.values("area_id"),
    ).exists()
    if not clash:
        moving.update(period=target)


def relabel(apps, schema_editor):
    from cypp.indicators.periods import PeriodError, period_parse

    Period = apps.get_model("indicators", "Period")
    Observation = apps.get_model("indicators", "Observation")
    Indicator = apps.get_model("indicators", "Indicator")
    emptied = set()
    for indicator in Indicator.objects.filter(source__key="lait", code__in=LAIT_RETYPED):
        kind = LAIT_RETYPED[indicator.code]
        for period in Period.objects.filter(observations__indicator=indicator).distinct():
            year = period.end.year if period.end else int(period.label[:4])
            if kind == "NCCIS":
                # The stored financial year "2025" ended in March 2025: the average to February.
                parsed = period_parse(str(year), "dec_feb_average")
            elif kind == "Annual (end of Sept)":
                parsed = period_parse(f"30 September {year}", "snapshot")
            else:
                day = _census_day(year)
                parsed = period_parse(day.isoformat(), "snapshot")
            _move(Observation, period, _target(Period, parsed), indicator=indicator)
            emptied.add(period.pk)
        indicator.period_type = "dec_feb_average" if kind == "NCCIS" else "snapshot"
        indicator.save(update_fields=["period_type"])
    for period in Period.objects.filter(period_type__in=["financial", "academic", "quarter"]):
        try:
            parsed = period_parse(period.label, period.period_type)
        except PeriodError:
            continue
        if (parsed.period_type, parsed.label) == (period.period_type, period.label):
            continue
        known = Period.objects.filter(period_type=parsed.period_type, label=parsed.label).first()
        if known is None:
            period.label, period.sort_key = parsed.label, parsed.sort_key
            period.start, period.end = parsed.start, parsed.end
            period.save()
        else:
            _move(Observation, period, known)
            emptied.add(period.pk)
    Period.objects.filter(pk__in=emptied, observations__isnull=True).delete()
    # LAIT's marks were noted with its cell ("Published for period 2018 (Rev)"): in words.
    for mark, words in (
        ("(Rev)", "Revised figure"),
        ("(Final)", "Final figure"),
        ("(OT)", "Outturn figure"),
    ):
        Observation.objects.filter(
            value_note__startswith="Published for period ", value_note__endswith=mark
        ).update(value_note=words)


def _census_day(year):
    import datetime as dt

    first = dt.date(year, 1, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 14)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0003_staged_imports"),
    ]

    operations = [
        migrations.AlterField(
            model_name="period",
            name="period_type",
            field=models.CharField(choices=PERIOD_TYPES, max_length=20),
        ),
        migrations.RunPython(relabel, migrations.RunPython.noop),
    ]
