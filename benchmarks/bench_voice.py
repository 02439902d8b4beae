"""Voice benchmark: results of a survey with 100,000 responses, and answering it (#17).

The survey is shaped like the voice tests' wellbeing survey (``tests/voice/world.py``):
anonymous, three audiences (children 8 to 11, young people 12 to 15, parents and carers),
each asked the same six questions of every kind (an area question, a scale, a choice with a
safeguarding answer, free text shown only after some answers, a ranking, free text). On
SQLite and on PostgreSQL, each on fresh databases made as the other benchmarks make a fresh
site (``site_environment()``), it measures:

- results: ``cypp.voice.results.survey_results`` of a wave of ``CYPP_BENCH_VOICE``
  finished responses (default 100,000), whole and by area, written beforehand with
  ``bulk_create`` (not timed), with free text given themes;
  baseline: one plain ``GROUP BY question_id, value`` count query over the same answers
  (the wave's finished responses), fetched into Python: the least any reader of the
  counts pays. Ours also reads every answer's value, works out "no answer", follows the
  ranking's first choice, reads the themes and suppresses small numbers: the ratio is
  what all that costs beyond counting;
- answering: ``cypp.voice.services_journey`` (``response_start``, ``answers_save`` once a
  question as a one-question-a-page journey does, ``response_finish``) for
  ``CYPP_BENCH_VOICE_ANSWERING`` responses (default 1,000) one by one, into a fresh
  database holding only the survey; baseline: the same rows (the finished response and
  its answers, area and help shown as the journey leaves them) written into another fresh
  database with plain ORM ``create`` calls, one transaction a response. Both sides'
  stored rows are counted afterwards, to show they wrote the same;
- queries: how many queries ``survey_results`` runs (``CaptureQueriesContext``) for a wave
  of ``CYPP_BENCH_VOICE_SMALL`` responses (default 1,000) and for the big wave, whole and
  by area: the number must not grow with the responses.

Results steps run ``CYPP_BENCH_ROUNDS`` times (default 3), each in its own fresh process,
alternating ours and the baseline; the median seconds are reported. The answering steps
run once each (1,000 journeys take minutes on a loaded machine). Every timed step starts
from a vacuumed and analysed database; its peaks are Python's (``tracemalloc``, on both
sides of a ratio; ``CYPP_BENCH_TRACEMALLOC=0`` to time without it) and the process's
(``ru_maxrss``, Django included: a bare process is printed as the floor).

PostgreSQL: ``BENCH_POSTGRES`` (default ``postgres://postgres@127.0.0.1:5432``), databases
named ``CYPP_BENCH_DB_PREFIX`` (default ``cypp_bench_voice``) plus their use and the
process id, dropped afterwards; SQLite only when PostgreSQL cannot be reached, or with
``CYPP_BENCH_DATABASES=sqlite``. ``--json`` prints every figure as JSON on its own line
before the report. Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_voice.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import resource
import shutil
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench_pages import site_environment
from bench_steps import databases, fresh_site, postgres, step_run

ROOT = Path(__file__).resolve().parents[1]
RESPONSES = int(os.environ.get("CYPP_BENCH_VOICE", "100000"))
SMALL = int(os.environ.get("CYPP_BENCH_VOICE_SMALL", "1000"))
ANSWERING = int(os.environ.get("CYPP_BENCH_VOICE_ANSWERING", "1000"))
ROUNDS = int(os.environ.get("CYPP_BENCH_ROUNDS", "3"))
DB_PREFIX = os.environ.get("CYPP_BENCH_DB_PREFIX", "cypp_bench_voice")
TRACED = os.environ.get("CYPP_BENCH_TRACEMALLOC", "1") == "1"
SEED = 17  # the issue's number: any fixed seed gives the same answers every run
PARTNERSHIP = "bench-voice"
SURVEY = "bench-wellbeing"
BIG_WAVE = "2025"  # the wave measured: open since 1 March 2025, so the journey can answer it
SMALL_WAVE = "2024"  # closed: only for counting queries at a small size
MiB = 1024 * 1024

# -- the survey (the wellbeing survey of tests/voice/world.py) -----------------------------

FEELINGS = [
    {"value": "1", "label": "Very unhappy", "symbol": "very-sad"},
    {"value": "2", "label": "Unhappy", "symbol": "sad"},
    {"value": "3", "label": "Okay", "symbol": "okay"},
    {"value": "4", "label": "Happy", "symbol": "happy"},
    {"value": "5", "label": "Very happy", "symbol": "very-happy"},
]
AREAS = [
    {"value": "hereford", "label": "Hereford"},
    {"value": "leominster", "label": "Leominster"},
    {"value": "ross", "label": "Ross-on-Wye"},
]
SAFE = [
    {"value": "yes", "label": "Yes"},
    {"value": "not-sure", "label": "Not sure"},
    {"value": "no", "label": "No"},
]
MATTERS = [
    {"value": "school", "label": "School"},
    {"value": "friends", "label": "Friends"},
    {"value": "family", "label": "Family"},
]
QUESTIONS: list[dict[str, Any]] = [
    {"key": "area", "kind": "choice", "text": "Where do you live?", "options": AREAS},
    {"key": "happy", "kind": "scale", "text": "How do you feel about your life?"},
    {"key": "feel-safe", "kind": "choice", "text": "Do you feel safe at home?"},
    {"key": "why-unsafe", "kind": "free_text", "text": "Tell us more if you want to."},
    {"key": "matters", "kind": "ranking", "text": "Put these in order: what matters most?"},
    {"key": "change", "kind": "free_text", "text": "What one thing would you change?"},
]
EXTRA: dict[str, dict[str, Any]] = {
    "area": {"is_area": True},
    "happy": {"options": FEELINGS},
    "feel-safe": {"options": SAFE, "safeguarding_answers": ["no"]},
    "why-unsafe": {"show_if": {"question": "feel-safe", "answers": ["no", "not-sure"]}},
    "matters": {"options": MATTERS},
}
# (key, label, kind, age_min, age_max, the consent the journey asks for, share of responses)
AUDIENCES = [
    ("8-11", "I am 8 to 11", "children", 8, 11, "parent", 0.4),
    ("12-15", "I am 12 to 15", "children", 12, 15, "self", 0.4),
    ("parents", "I am a parent or carer", "parents", None, None, "self", 0.2),
]
# Free text with none of the safeguarding words, so help is shown only for "no" to feel-safe.
CHANGES = [
    "More things to do in the park after school",
    "Buses that come more often",
    "Less homework at the weekend",
    "A youth club near where I live",
    "Cleaner streets and more bins",
    "Somewhere quiet to read at lunch",
    "Cheaper swimming",
    "More help with worries at school",
]
WHY = ["Sometimes people shout", "I worry about my mum", "It is noisy at night"]
THEMES = {"Places to go": "park club swimming", "Travel": "buses", "School": "homework school"}
WORDS = ["hurt myself", "hits me", "not safe"]


def answers_made(rng: random.Random) -> tuple[str, dict[str, str]]:
    """One respondent's audience and answers (question key to value), the skip logic kept:
    why-unsafe only after "no" or "not-sure". Some questions are left unanswered."""
    audience = rng.choices([a[0] for a in AUDIENCES], [a[6] for a in AUDIENCES])[0]
    answers: dict[str, str] = {}
    if rng.random() < 0.95:
        answers["area"] = rng.choice(AREAS)["value"]
    if rng.random() < 0.97:
        answers["happy"] = rng.choices("12345", [5, 10, 25, 35, 25])[0]
    if rng.random() < 0.97:
        answers["feel-safe"] = rng.choices(["yes", "not-sure", "no"], [85, 10, 5])[0]
        if answers["feel-safe"] != "yes" and rng.random() < 0.5:
            answers["why-unsafe"] = rng.choice(WHY)
    if rng.random() < 0.9:
        order = [o["value"] for o in MATTERS]
        rng.shuffle(order)
        answers["matters"] = "\n".join(order)
    if rng.random() < 0.7:
        answers["change"] = rng.choice(CHANGES)
    return audience, answers


# -- steps, each run in a fresh process (``--child STEP``) ---------------------------------


def _django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def _measured(step: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run ``step()`` once, Python's allocations traced if asked; its seconds and peaks."""
    if TRACED:
        tracemalloc.start()
    start, cpu = time.perf_counter(), time.process_time()
    figures = step()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] if TRACED else 0
    tracemalloc.stop()
    return {
        **figures,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "python_peak_mib": peak / MiB if TRACED else None,
        "process_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _vacuum_analyze() -> None:
    from bench_import import vacuum_analyze

    vacuum_analyze()


def _survey() -> Any:
    from cypp.voice.models import Survey

    return Survey.objects.get(key=SURVEY)


def _wave(key: str) -> Any:
    from cypp.voice.models import Wave

    return Wave.objects.get(survey__key=SURVEY, key=key)


def step_floor() -> dict[str, Any]:
    """A bare Django process: the floor under every step's resident memory."""
    _django()
    return _measured(lambda: {})


def step_prepare() -> dict[str, Any]:
    """Not timed: the fresh database's tables, a partnership and the survey, open."""
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from cypp.accounts.models import Partnership
    from cypp.geography.models import Area
    from cypp.voice.models import Audience, Question, Survey, Wave

    area = Area.objects.create(code="E06000019", name="Herefordshire", area_type="local_authority")
    partnership = Partnership.objects.create(key=PARTNERSHIP, name="Bench", area=area)
    survey = Survey.objects.create(
        partnership=partnership,
        key=SURVEY,
        title="How are you?",
        summary="Tell us about your life.",
        status=Survey.Status.OPEN,
        privacy_notice="We will not ask your name.",
        languages=["en", "cy"],
        help_text="You can talk to Childline for free, any time: call 0800 1111.",
        safeguarding_words=WORDS,
        definition_sha256="0" * 64,
    )
    Wave.objects.create(
        survey=survey, key=SMALL_WAVE, label="Spring 2024", opens=dt.date(2024, 3, 1),
        closes=dt.date(2024, 4, 30),
    )  # fmt: skip
    Wave.objects.create(survey=survey, key=BIG_WAVE, label="Spring 2025", opens=dt.date(2025, 3, 1))
    for order, (key, label, kind, age_min, age_max, _consent, _share) in enumerate(AUDIENCES):
        audience = Audience.objects.create(
            survey=survey, key=key, label=label, kind=kind, age_min=age_min, age_max=age_max,
            order=order,
        )  # fmt: skip
        for position, row in enumerate(QUESTIONS):
            Question.objects.create(
                audience=audience, order=position, **row, **EXTRA.get(row["key"], {})
            )
    return {}


def _responses_written(wave: Any, count: int, rng: random.Random) -> dict[str, int]:
    """``count`` finished responses to ``wave`` with their answers, by ``bulk_create``, and
    the free text given themes; what was written, counted as it was made."""
    from django.db import transaction

    from cypp.voice.models import Answer, Question, Response, Tag, Theme

    survey = wave.survey
    questions = {
        (q.audience.key, q.key): q
        for q in Question.objects.filter(audience__survey=survey).select_related("audience")
    }
    audiences = {q.audience.key: q.audience for q in questions.values()}
    themes = {
        name: Theme.objects.get_or_create(
            partnership_id=survey.partnership_id, name=name, defaults={"keywords": words.split()}
        )[0]
        for name, words in THEMES.items()
    }
    written = {"responses": 0, "answers": 0, "tags": 0}
    batch = 5000
    for start in range(0, count, batch):
        made = [answers_made(rng) for _ in range(min(batch, count - start))]
        with transaction.atomic():
            responses = Response.objects.bulk_create(
                Response(
                    survey=survey,
                    audience=audiences[audience],
                    wave=wave,
                    status=Response.Status.FINISHED,
                    consent=Response.Consent.SELF,
                    area=answers.get("area", ""),
                    started_on=wave.opens,
                    finished_on=wave.opens,
                    help_shown=answers.get("feel-safe") == "no",
                )
                for audience, answers in made
            )
            answers = Answer.objects.bulk_create(
                (
                    Answer(response=response, question=questions[(audience, key)], value=value)
                    for response, (audience, given) in zip(responses, made, strict=True)
                    for key, value in given.items()
                ),
                batch_size=2000,
            )
            tags = [
                Tag(theme=theme, answer=answer, tagged_by_name="bench")
                for answer in answers
                if answer.question.kind == Question.Kind.FREE_TEXT
                for name, theme in themes.items()
                if any(word in answer.value.lower() for word in THEMES[name].split())
            ]
            Tag.objects.bulk_create(tags, batch_size=2000)
        written["responses"] += len(responses)
        written["answers"] += len(answers)
        written["tags"] += len(tags)
    return written


def step_fill() -> dict[str, Any]:
    """Not timed: the big wave's responses and the small wave's, written by bulk_create."""
    _django()
    rng = random.Random(SEED)
    start = time.perf_counter()
    big = _responses_written(_wave(BIG_WAVE), RESPONSES, rng)
    small = _responses_written(_wave(SMALL_WAVE), SMALL, rng)
    return {"big": big, "small": small, "seconds": time.perf_counter() - start}


def step_group_by() -> dict[str, Any]:
    """Baseline: one GROUP BY question, value count of the wave's finished answers, fetched."""
    _django()
    from django.db.models import Count

    from cypp.voice.models import Answer, Response

    wave = _wave(BIG_WAVE)
    _vacuum_analyze()

    def count() -> dict[str, Any]:
        rows = list(
            Answer.objects.filter(response__wave=wave, response__status=Response.Status.FINISHED)
            .values_list("question_id", "value")
            .annotate(n=Count("id"))
            .order_by()
        )
        return {"groups": len(rows), "answers": sum(n for _q, _v, n in rows)}

    return _measured(count)


def _results_step(by: str | None) -> dict[str, Any]:
    _django()
    from cypp.voice.results import survey_results

    survey, wave = _survey(), _wave(BIG_WAVE)
    # Once on the small wave first, not timed: what a running site has imported already
    # (cypp.stats imports numpy, and scipy.optimize when it first audits a table: seconds
    # on a loaded machine) is not part of reading the results.
    survey_results(survey=survey, wave=_wave(SMALL_WAVE), by=by).as_json()
    _vacuum_analyze()

    def results() -> dict[str, Any]:
        found = survey_results(survey=survey, wave=wave, by=by).as_json()
        return {
            "responses": found["responses"],
            "questions": len(found["questions"]),
            "themes": len(found["themes"]),
            "groups": len(found.get("groups", [])),
        }

    return _measured(results)


def step_results() -> dict[str, Any]:
    return _results_step(None)


def step_results_area() -> dict[str, Any]:
    return _results_step("area")


def step_queries() -> dict[str, Any]:
    """Not timed: the queries survey_results runs for the small wave and the big one."""
    _django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cypp.voice.results import survey_results

    survey = _survey()
    found: dict[str, Any] = {}
    for name, key in (("small", SMALL_WAVE), ("big", BIG_WAVE)):
        wave = _wave(key)
        for by in (None, "area"):
            with CaptureQueriesContext(connection) as queries:
                survey_results(survey=survey, wave=wave, by=by).as_json()
            found[f"{name}_{by or 'whole'}"] = len(queries.captured_queries)
    return found


def _answering_plan() -> list[tuple[str, str, str, dict[str, str]]]:
    """The respondents both answering steps write: audience, language, consent, answers."""
    rng = random.Random(SEED + 1)
    consent = {a[0]: a[5] for a in AUDIENCES}
    plan = []
    for _ in range(ANSWERING):
        audience, answers = answers_made(rng)
        language = "cy" if rng.random() < 0.1 else "en"
        plan.append((audience, language, consent[audience], answers))
    return plan


def _stored() -> dict[str, int]:
    from cypp.voice.models import Answer, Response

    return {
        "responses": Response.objects.count(),
        "finished": Response.objects.filter(status=Response.Status.FINISHED).count(),
        "help_shown": Response.objects.filter(help_shown=True).count(),
        "with_area": Response.objects.exclude(area="").count(),
        "answers": Answer.objects.count(),
    }


def _ordered(answers: dict[str, str]) -> Iterator[tuple[str, str]]:
    """The answers in the order the questions are asked (a page at a time)."""
    for row in QUESTIONS:
        if row["key"] in answers:
            yield row["key"], answers[row["key"]]


def step_journey() -> dict[str, Any]:
    """Ours: every planned respondent through the journey's services, one by one."""
    _django()
    from cypp.voice import services_journey as journey

    survey, wave = _survey(), _wave(BIG_WAVE)
    audiences = {a.key: a for a in survey.audiences.all()}
    plan = _answering_plan()
    _vacuum_analyze()

    def answer() -> dict[str, Any]:
        flagged = 0
        for audience, language, consent, answers in plan:
            response = journey.response_start(
                survey=survey,
                audience=audiences[audience],
                wave=wave,
                language=language,
                consent=consent,
            )
            for key, value in _ordered(answers):
                flagged += len(journey.answers_save(response=response, answers={key: value}))
            journey.response_finish(response=response)
        return {"respondents": len(plan), "flagged": flagged}

    figures = _measured(answer)
    figures["stored"] = _stored()
    return figures


def step_plain() -> dict[str, Any]:
    """Baseline: the rows the journey leaves, written by plain ORM create calls, one
    transaction a response."""
    _django()
    from django.db import transaction
    from django.utils import timezone

    from cypp.voice.models import Answer, Question, Response

    survey, wave = _survey(), _wave(BIG_WAVE)
    audiences = {a.key: a for a in survey.audiences.all()}
    questions = {
        (q.audience.key, q.key): q
        for q in Question.objects.filter(audience__survey=survey).select_related("audience")
    }
    plan = _answering_plan()
    _vacuum_analyze()

    def write() -> dict[str, Any]:
        for audience, language, consent, answers in plan:
            today = timezone.localdate()
            with transaction.atomic():
                response = Response.objects.create(
                    survey=survey,
                    audience=audiences[audience],
                    wave=wave,
                    status=Response.Status.FINISHED,
                    language=language,
                    consent=consent,
                    area=answers.get("area", ""),
                    started_on=today,
                    finished_on=today,
                    help_shown=answers.get("feel-safe") == "no",
                )
                for key, value in _ordered(answers):
                    Answer.objects.create(
                        response=response, question=questions[(audience, key)], value=value
                    )
        return {"respondents": len(plan)}

    figures = _measured(write)
    figures["stored"] = _stored()
    return figures


STEPS: dict[str, Callable[[], dict[str, Any]]] = {
    "floor": step_floor,
    "prepare": step_prepare,
    "fill": step_fill,
    "group_by": step_group_by,
    "results": step_results,
    "results_area": step_results_area,
    "queries": step_queries,
    "journey": step_journey,
    "plain": step_plain,
}


# -- the parent: databases, the order of the steps, the figures -----------------------------


def _run(step: str, env: dict[str, str]) -> dict[str, Any]:
    return step_run(__file__, step, env)


def _median_of(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """The first round's figures with the median seconds and the highest peaks."""
    peaks = [r["python_peak_mib"] for r in rounds if r["python_peak_mib"] is not None]
    return {
        **rounds[0],
        "seconds": statistics.median(r["seconds"] for r in rounds),
        "cpu_seconds": statistics.median(r["cpu_seconds"] for r in rounds),
        "rounds": [r["seconds"] for r in rounds],
        "python_peak_mib": max(peaks) if peaks else None,
        "process_peak_mib": max(r["process_peak_mib"] for r in rounds),
    }


def _measure_database(database: str, made: list[str], to_drop: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    # The tables, the partnership and the survey once; each use gets a copy of them.
    template, name = fresh_site("voice", DB_PREFIX, database, "template", made)
    to_drop += [name] if name else []
    _run("prepare", template)
    results_env, name = fresh_site("voice", DB_PREFIX, database, "results", made, template)
    to_drop += [name] if name else []
    found["fill"] = _run("fill", results_env)
    timed: dict[str, list[dict[str, Any]]] = {"group_by": [], "results": [], "results_area": []}
    for _ in range(ROUNDS):  # alternating, so a change in the machine's load falls on both
        for step in timed:
            timed[step].append(_run(step, results_env))
    for step, rounds in timed.items():
        found[step] = _median_of(rounds)
    found["queries"] = _run("queries", results_env)
    for use in ("plain", "journey"):
        env, name = fresh_site("voice", DB_PREFIX, database, use, made, template)
        to_drop += [name] if name else []
        found[use] = _run(use, env)
    return found


def measure(databases: list[str], made: list[str]) -> dict[str, Any]:
    """Every step's figures; the folders of the sites made are added to ``made``."""
    tmp, site = site_environment("cypp-bench-voice-")
    made.append(tmp)
    results: dict[str, Any] = {
        "responses": RESPONSES,
        "small": SMALL,
        "answering": ANSWERING,
        "rounds": ROUNDS,
        "seed": SEED,
        "tracemalloc": TRACED,
        "floor": _run("floor", {**os.environ, **site}),
    }
    for database in databases:
        to_drop: list[str] = []
        try:
            results[database] = _measure_database(database, made, to_drop)
        finally:
            for name in to_drop:
                postgres(f'DROP DATABASE IF EXISTS "{name}"')
    return results


def _peaks(figures: dict[str, Any]) -> str:
    python = figures["python_peak_mib"]
    traced = "Python not traced" if python is None else f"Python {python:,.1f} MiB"
    return f"peak {traced}, process {figures['process_peak_mib']:,.0f} MiB"


def _cpu_ratio(database: str, ours: dict[str, Any], theirs: dict[str, Any], digits: int) -> str:
    """Ours over theirs in the process's CPU seconds: steadier than seconds on a loaded
    machine, but on PostgreSQL most of the baseline's work is the server's, not counted."""
    if database != "sqlite" or not theirs["cpu_seconds"]:
        return "n/a: the server's work is not counted"
    return f"{ours['cpu_seconds'] / theirs['cpu_seconds']:.{digits}f}"


def report(results: dict[str, Any]) -> None:
    traced = (
        "tracemalloc on during every timed step, on both sides of each ratio"
        if results["tracemalloc"]
        else "tracemalloc off (CYPP_BENCH_TRACEMALLOC=0)"
    )
    print(
        f"Voice benchmark: a survey of three audiences and six questions, "
        f"{results['responses']:,} finished responses in the wave measured (seed "
        f"{results['seed']}); answering {results['answering']:,} responses"
    )
    print(
        f"  method: results steps median of {results['rounds']} rounds, each in its own fresh "
        "process, alternating with the baseline; answering once each, on its own fresh "
        f"database; {traced}; databases vacuumed and analysed before each timed step. "
        "Baselines of this run: group by = one GROUP BY question, value count query of the "
        "same answers fetched into Python; plain create = the rows the journey leaves, "
        "written by ORM create calls, one transaction a response. CPU is the Python process's "
        "own (on PostgreSQL the server's work is not in it). A bare Django process: "
        f"{results['floor']['process_peak_mib']:,.0f} MiB"
    )
    for database in ("sqlite", "postgresql"):
        found = results.get(database)
        if not found:
            continue
        fill, base = found["fill"], found["group_by"]
        print(f"  {database}")
        print(
            f"    written     {fill['big']['responses']:,} responses, "
            f"{fill['big']['answers']:,} answers, {fill['big']['tags']:,} tags by bulk_create "
            f"in {fill['seconds']:.1f} s (and {fill['small']['responses']:,} in the small wave)"
        )
        print(
            f"    group by    {base['seconds']:.3f} s (CPU {base['cpu_seconds']:.3f} s), "
            f"{base['answers']:,} answers in {base['groups']:,} groups   {_peaks(base)}"
        )
        for step, label in (("results", "results"), ("results_area", "by area")):
            ours = found[step]
            print(
                f"    {label:<11} {ours['seconds']:.3f} s (CPU {ours['cpu_seconds']:.3f} s)   "
                f"ratio {label}/group by {ours['seconds'] / base['seconds']:.1f} (CPU "
                f"{_cpu_ratio(database, ours, base, 1)})   {_peaks(ours)}"
            )
        journey, plain = found["journey"], found["plain"]
        journey_speed = journey["respondents"] / journey["seconds"]
        plain_speed = plain["respondents"] / plain["seconds"]
        print(
            f"    answering   {journey_speed:,.1f} responses/s ({journey['seconds']:.1f} s)   "
            f"plain create {plain_speed:,.1f} responses/s ({plain['seconds']:.1f} s)   "
            f"ratio answering/plain create {journey_speed / plain_speed:.2f} (CPU "
            f"{_cpu_ratio(database, plain, journey, 2)})"
        )
        print(
            f"                stored by the journey {journey['stored']}, by plain create "
            f"{plain['stored']}   {_peaks(journey)} (plain create {_peaks(plain)})"
        )
        queries = found["queries"]
        grows = (
            "the same at both sizes"
            if queries["small_whole"] == queries["big_whole"]
            and queries["small_area"] == queries["big_area"]
            else "GROWS with the responses"
        )
        print(
            f"    queries     survey_results: {queries['small_whole']} whole and "
            f"{queries['small_area']} by area at {results['small']:,} responses; "
            f"{queries['big_whole']} and {queries['big_area']} at {results['responses']:,} "
            f"({grows})"
        )


def main(argv: list[str]) -> None:
    made: list[str] = []  # the sites' folders (SQLite files of a few hundred MiB at full size)
    try:
        results = measure(databases(), made)
    finally:
        for folder in made:
            shutil.rmtree(folder, ignore_errors=True)
    if "--json" in argv:
        print(json.dumps(results))  # first: a failure to print the report loses nothing
    report(results)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(STEPS[sys.argv[2]](), default=str))
    else:
        main(sys.argv[1:])
