"""The demo's voice work (issue #17 item 9): a SYNTHETIC wellbeing survey for Herefordshire,
two waves of made-up answers, the analyst's themes linked to the 2018-2023 plan's pledges,
and the partnership's "you said, we did", published.

The survey file (``demo/data/voice/herefordshire/wellbeing.yaml``) is loaded through the same
service as any partnership's (``survey_load``) and opened, so a child can take it today: its
autumn 2026 wave has no closing date. The answers are generated with a fixed seed and written
in bulk, not through the journey's service one child at a time: 2,550 made-up children would
take the demo a minute that way, and the journey's own tests cover its rules; the generator
keeps them anyway (skip logic, a ranking is every option once, the area question sets the
response's area, help shown after a "no" to feeling safe). Nobody's answers are audited, as
no anonymous child's are.

The analyst (the demo person ``analyst``) makes the themes and accepts the keyword
suggestions (``cypp.voice.suggest``) for every free-text answer that has one; tags are
written in bulk, and the acceptance recorded once per theme in the audit trail (one event
per tag would be thousands of the same line). Replies go through the themes' services as the
analyst (and, for a partner's own reply, with no person: the loader as the operator).

Run once, like the rest of the demo (``cypp.demo.loader``): each part is recorded as loaded
and never loaded again, and a part already there is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cypp.accounts.models import Partnership

PARTNERSHIP = "herefordshire"
PLAN = "herefordshire-2018-2023"
SURVEY = "herefordshire-wellbeing"
SURVEY_FILE = Path("voice") / "herefordshire" / "wellbeing.yaml"  # under the data directory
SEED = 20250301
# Made-up responses per wave, and the days they were given on (a date, never a time).
RESPONSES = {"2025-spring": 1200, "2026-autumn": 1350}
DAYS = {
    "2025-spring": (dt.date(2025, 3, 3), dt.date(2025, 4, 29)),
    "2026-autumn": (dt.date(2026, 10, 1), dt.date(2026, 11, 27)),
}
FINISHED = 0.95  # the rest stopped part way
AUDIENCES = {"8-11": 34, "12-15": 34, "16-24": 14, "parents": 18}
WELSH = 0.04  # of the 8 to 11s, who have the Welsh version
# Roughly as children live across the county: about a third in Hereford, four in ten in
# villages and the countryside, the rest in the five market towns.
AREAS = {
    "hereford": 32,
    "leominster": 7,
    "ross-on-wye": 7,
    "ledbury": 6,
    "bromyard": 3,
    "kington": 2,
    "village": 40,
    "not-say": 3,
}
SAFE = {"yes": 78, "not-sure": 17, "no": 5}
TALK = {"yes": 62, "sometimes": 28, "no": 10}
DOING = {"school-college": 55, "university": 12, "work": 20, "looking": 8, "other": 5}
KNOW_HELP = {"yes": 48, "not-sure": 35, "no": 17}
WROTE = 0.45  # of those who reach a free-text question, how many write something


def demo_voice_load(*, data_dir: Path, say: Callable[[str], None] = print) -> list[str]:
    """Load the demo's voice work into Herefordshire's partnership once: the survey (opened),
    its made-up answers, the themes with their tags, and the replies. Returns what it added."""
    partnership = Partnership.objects.filter(key=PARTNERSHIP).first()
    if partnership is None:
        return []  # the plans make the partnership
    from cypp.demo.loader import _mark as mark
    from cypp.demo.loader import _once
    from cypp.indicators.models import Indicator
    from cypp.voice.models import Response, Survey, Theme, ThemeReply

    added: list[str] = []
    survey = Survey.objects.filter(key=SURVEY).first()
    if _once(f"voice-survey:{SURVEY}", exists=survey is not None):
        survey = _survey_load(Path(data_dir) / SURVEY_FILE, say)
        mark(f"voice-survey:{SURVEY}")
        added.append("the SYNTHETIC wellbeing survey")
    if survey is None:
        return added  # loaded once and deleted since: theirs to delete
    responses = Response.objects.filter(survey=survey)
    if _once(f"voice-answers:{SURVEY}", exists=responses.exists()):
        made = answers_generate(survey, seed=SEED)
        mark(f"voice-answers:{SURVEY}")
        say(f"{survey.key}: {made} SYNTHETIC responses generated (seed {SEED}).")
        added.append(f"{made} synthetic survey responses")
    analyst = _analyst(partnership)
    themes = Theme.objects.filter(partnership=partnership)
    if _once(f"voice-themes:{PARTNERSHIP}", exists=themes.exists()):
        tagged = _themes_load(partnership, survey, analyst, say)
        mark(f"voice-themes:{PARTNERSHIP}")
        added.append(f"{themes.count()} themes ({tagged} answers themed)")
    indicators = Indicator.objects.filter(source__key="voice", code__startswith=f"voice.{SURVEY}.")
    if _once(f"voice-indicators:{SURVEY}", exists=indicators.exists()):
        _indicators_publish(survey, say)
        mark(f"voice-indicators:{SURVEY}")
        added.append("the survey's results in the evidence store")
    replies = ThemeReply.objects.filter(theme__partnership=partnership)
    if _once(f"voice-replies:{PARTNERSHIP}", exists=replies.exists()):
        published = _replies_load(partnership, analyst, say)
        mark(f"voice-replies:{PARTNERSHIP}")
        added.append(f'{published} published "you said, we did" replies')
    return added


def _survey_load(path: Path, say: Callable[[str], None]) -> Any:
    from cypp.voice.models import Survey
    from cypp.voice.services_surveys import survey_load_report, survey_status_set

    report = survey_load_report(
        text=path.read_bytes().decode("utf-8"), file_name=path.name, by=None
    )
    survey = survey_status_set(survey=report.survey, status=Survey.Status.OPEN, by=None)
    say(f"{path.name}: {report.message} Opened.")
    return survey


# The plan's measure that reads the survey's results once they are published.
MEASURE_INDICATORS = {
    ("herefordshire-2018-2023", "feel-safe-where-they-live"): (
        f"voice:voice.{SURVEY}.feel-safe.yes"
    ),
}


def _indicators_publish(survey: Any, say: Callable[[str], None]) -> None:
    """The survey's results as indicators (``cypp voice publish``), and the 2018-2023 plan's
    measure pointed at the share who feel safe where they live."""
    from cypp.demo.loader import measures_linked
    from cypp.voice.publishing import survey_indicators_publish

    report = survey_indicators_publish(survey=survey, by=None)
    if report is not None:
        say(
            f"{survey.key}: results published as indicators ({report.as_dict()['rows_loaded']} figures)."
        )
    measures_linked(MEASURE_INDICATORS, say)


def _analyst(partnership: Partnership) -> Any:
    """The demo analyst, while they are an analyst in the partnership (else the loader acts
    as the operator, ``None``)."""
    from cypp.accounts.models import PartnershipRole

    role = PartnershipRole.objects.filter(
        partnership=partnership, user__username="analyst", role="analyst"
    ).first()
    return role.user if role is not None else None


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _scale(rng: random.Random, values: Sequence[str], mood: float, spread: float = 1.0) -> str:
    """A point of a scale, higher for a higher ``mood`` (about -2 to 2; 0 sits above the
    middle, as most children in surveys like #BeeWell say they are okay or better)."""
    position = (len(values) - 1) * (0.62 + 0.17 * (mood + rng.gauss(0, spread)))
    return values[min(len(values) - 1, max(0, round(position)))]


def _text(rng: random.Random, templates: Sequence[Any], area: str, towns: dict[str, str]) -> str:
    _theme, _weight, choices = rng.choices(templates, weights=[t[1] for t in templates])[0]
    town = {"village": "my village", "not-say": "my town"}.get(area, towns.get(area, area))
    return str(rng.choice(choices)).replace("{town}", town)


def answers_generate(survey: Any, *, seed: int) -> int:
    """Made-up responses to each wave in ``RESPONSES``, in bulk; returns how many."""
    from django.db import transaction

    from cypp.demo import voice_texts as texts
    from cypp.voice.models import Answer, Response

    rng = random.Random(seed)
    audiences = {a.key: a for a in survey.audiences.all()}
    questions = {key: {q.key: q for q in a.questions.all()} for key, a in audiences.items()}
    made = 0
    with transaction.atomic():
        for wave in survey.waves.filter(key__in=RESPONSES).order_by("opens"):
            first, last = DAYS[wave.key]
            days = (last - first).days
            later = 0.15 if wave.key == "2026-autumn" else 0.0  # a little better in autumn
            rows: list[tuple[Response, list[tuple[Any, str]]]] = []
            for _n in range(RESPONSES[wave.key]):
                audience = _pick(rng, AUDIENCES)
                asked = questions[audience]
                area = _pick(rng, AREAS)
                mood = rng.gauss(later, 0.9)
                given = _answers(rng, audience, asked, mood, area, texts)
                given.insert(0, (asked["area"], area))
                finished = rng.random() < FINISHED
                if not finished:
                    given = given[: rng.randrange(1, len(given))]
                started = first + dt.timedelta(days=rng.randrange(days + 1))
                response = Response(
                    survey=survey,
                    audience=audiences[audience],
                    wave=wave,
                    status=Response.Status.FINISHED if finished else Response.Status.STARTED,
                    language="cy" if audience == "8-11" and rng.random() < WELSH else "en",
                    consent=_consent(rng, audience),
                    area=area,  # as the journey keeps it: the area question's answer
                    started_on=started,
                    finished_on=started if finished else None,
                    help_shown=any(value in q.safeguarding_answers for q, value in given),
                )
                rows.append((response, given))
            Response.objects.bulk_create([r for r, _given in rows], batch_size=500)
            Answer.objects.bulk_create(
                [
                    Answer(response=response, question=question, value=value)
                    for response, given in rows
                    for question, value in given
                ],
                batch_size=2000,
            )
            made += len(rows)
    return made


def _consent(rng: random.Random, audience: str) -> str:
    if audience == "8-11":
        return "parent"  # under 13: a parent or carer agreed
    if audience == "12-15":
        return "parent" if rng.random() < 0.25 else "self"  # the 12-year-olds
    return "self"


def _answers(
    rng: random.Random,
    audience: str,
    asked: dict[str, Any],
    mood: float,
    area: str,
    texts: Any,
) -> list[tuple[Any, str]]:
    """One made-up respondent's answers after the area, in the order asked."""
    given: list[tuple[Any, str]] = []

    def points(key: str) -> list[str]:
        return [o["value"] for o in asked[key].options]

    towns = {o["value"]: o["label"] for o in asked["area"].options}

    def wrote(key: str, templates: Sequence[Any]) -> None:
        if rng.random() < WROTE:
            given.append((asked[key], _text(rng, templates, area, towns)))

    if audience == "parents":
        given.append((asked["supported"], _scale(rng, points("supported"), mood - 0.4)))
        given.append((asked["know-help"], _pick(rng, KNOW_HELP)))
        wrote("better", texts.PARENTS)
        return given
    if audience == "16-24":
        for key in ("ons4-life-satisfaction", "ons4-worthwhile", "ons4-happiness"):
            given.append((asked[key], _scale(rng, points(key), mood, 0.8)))
        given.append((asked["ons4-anxiety"], _scale(rng, points("ons4-anxiety"), -mood, 1.2)))
        given.append((asked["doing-now"], _pick(rng, DOING)))
    else:
        given.append((asked["happy"], _scale(rng, points("happy"), mood)))
    safe = _pick(rng, SAFE)
    given.append((asked["feel-safe"], safe))
    if "safer" in asked and safe in asked["safer"].show_if.get("answers", []):
        wrote("safer", texts.SAFER)
    if audience == "8-11":
        given.append((asked["school"], _scale(rng, points("school"), mood - 0.3)))
        order = points("matters")
        rng.shuffle(order)
        given.append((asked["matters"], "\n".join(order)))
    if audience == "12-15":
        given.append((asked["talk-to"], _pick(rng, TALK)))
        rural = -0.8 if area == "village" else 0.0
        given.append((asked["get-about"], _scale(rng, points("get-about"), rural - 0.5)))
        order = points("what-matters")
        rng.shuffle(order)
        given.append((asked["what-matters"], "\n".join(order)))
    wrote("better", texts.BETTER)
    return given


def _themes_load(
    partnership: Partnership, survey: Any, analyst: Any, say: Callable[[str], None]
) -> int:
    """The analyst's themes, linked to the plan's outcomes, and every suggestion accepted."""
    from django.db import transaction

    from cypp.accounts.audit import audit_context, audit_record
    from cypp.accounts.models import AuditEvent
    from cypp.demo import voice_texts as texts
    from cypp.plans.models import Outcome
    from cypp.voice.models import Answer, Tag
    from cypp.voice.services_themes import theme_save
    from cypp.voice.suggest import ThemeWords, themes_suggested

    outcomes = {o.key: o for o in Outcome.objects.filter(priority__plan__key=PLAN)}
    themes = {}
    for key, name, description, keywords, linked in texts.THEMES:
        themes[key] = theme_save(
            partnership=partnership,
            by=analyst,
            name=name,
            description=description,
            keywords=keywords,
            outcomes=[outcomes[k] for k in linked if k in outcomes],
        )
    words = [ThemeWords(t.pk, t.name, t.keywords) for t in themes.values()]
    by_id = {t.pk: t for t in themes.values()}
    who = analyst.get_username() if analyst is not None else ""
    free_text = Answer.objects.filter(response__survey=survey, question__kind="free_text").only(
        "pk", "value"
    )
    tags = [
        Tag(theme=by_id[s.theme_id], answer=answer, suggested=True, tagged_by_name=who)
        for answer in free_text.iterator(chunk_size=2000)
        for s in themes_suggested(answer.value, words)
    ]
    with transaction.atomic():
        Tag.objects.bulk_create(tags, batch_size=2000)
        for theme in themes.values():
            audit_record(
                by=analyst,
                action=AuditEvent.Action.UPDATE,
                obj=theme,
                context=audit_context(partnership=partnership),
                note=f"Suggestions accepted: {sum(t.theme_id == theme.pk for t in tags)} "
                f"answers of {survey.key} themed (the demo).",
            )
    say(f"Themes: {len(themes)} linked to {PLAN}'s outcomes; {len(tags)} tags accepted.")
    return len({t.answer_id for t in tags})


def _replies_load(partnership: Partnership, analyst: Any, say: Callable[[str], None]) -> int:
    """The partnership's replies as the analyst, partners' own as the operator; published
    unless the text says it is a draft."""
    from cypp.accounts.models import Organisation
    from cypp.demo import voice_texts as texts
    from cypp.plans.models import Commitment
    from cypp.voice.models import Theme
    from cypp.voice.services_themes import reply_publish, reply_save

    themes = {t.name: t for t in Theme.objects.filter(partnership=partnership)}
    names = {key: name for key, name, *_rest in texts.THEMES}
    commitments = {c.key: c for c in Commitment.objects.filter(plan__key=PLAN)}
    action = _board_action(partnership)
    published = 0
    for key, organisation, you_said, we_did, status, commitment, board, publish in texts.REPLIES:
        theme = themes.get(names[key])
        if theme is None:
            continue  # renamed or deleted by hand since
        org = Organisation.objects.get_or_create(name=organisation)[0] if organisation else None
        reply = reply_save(
            theme=theme,
            by=analyst if org is None else None,
            you_said=you_said,
            we_did=we_did,
            status=status,
            organisation=org,
            commitment=commitments.get(commitment) if commitment else None,
            action=action if board else None,
        )
        if publish:
            reply_publish(reply=reply, by=analyst if org is None else None)
            published += 1
    say(f'"You said, we did": {len(texts.REPLIES)} replies, {published} published.')
    return published


def _board_action(partnership: Partnership) -> Any:
    """The Health and Wellbeing Board's action behind the "things to do" reply, linked to the
    plan's youth voice outcome (None without the governance demo)."""
    from cypp.demo import voice_texts as texts
    from cypp.governance import services
    from cypp.governance.models import Action, Body
    from cypp.plans.models import Outcome

    body = Body.objects.filter(partnership=partnership, key="health-and-wellbeing-board").first()
    if body is None:
        return None
    action = Action.objects.filter(body=body, text=texts.ACTION_TEXT).first()
    if action is None:
        action = services.action_add(
            by=None,
            body=body,
            text=texts.ACTION_TEXT,
            owner=services.Owner(role=texts.ACTION_OWNER),
            due_at_future_meeting=True,
        )
        outcome = Outcome.objects.filter(priority__plan__key=PLAN, key="youth-voice").first()
        if outcome is not None:
            services.plan_links_set(by=None, subject=action, targets=[outcome])
    return action


def demo_voice_delete(partnerships: Sequence[Partnership]) -> None:
    """Everything of the partnerships' voice work, for ``demo_reset``: what protects what
    (an answer its question, a response its audience and wave, an alert its answer) is
    deleted first, so the partnerships can go."""
    from cypp.voice.models import (
        Answer,
        Response,
        SafeguardingAlert,
        ScaleRegistration,
        Survey,
        Theme,
        VoiceImport,
    )

    surveys = Survey.objects.filter(partnership__in=partnerships)
    Theme.objects.filter(partnership__in=partnerships).delete()  # with tags and replies
    SafeguardingAlert.objects.filter(survey__in=surveys).delete()
    Answer.objects.filter(response__survey__in=surveys).delete()
    Response.objects.filter(survey__in=surveys).delete()
    VoiceImport.objects.filter(survey__in=surveys).delete()
    surveys.delete()  # with their audiences, questions and waves
    ScaleRegistration.objects.filter(partnership__in=partnerships).delete()
