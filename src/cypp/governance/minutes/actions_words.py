"""The words the action rules read minutes by (actions.py): verbs of doing, verbs that
decide, the words that make a phrase a person or body. Kept apart so the rules read as
rules, and so a word missing from a list is easy to find and add."""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that, after "X to ...", make X someone who must act.
VERBS = words(
    """
    agree align amend analyse analyze appoint apply approach arrange ask assess attend audit
    bid book brief bring build cascade challenge champion chase check circulate clarify collate
    collect come commission compile complete confirm consider consult contact convene
    coordinate co-ordinate cost deliver design develop discuss disseminate distribute draft
    email embed engage ensure escalate establish evaluate explore facilitate feed find follow
    forward gather give hold identify implement include inform introduce investigate invite
    launch lead liaise link lobby look make map meet monitor nominate notify obtain offer
    organise organize outline pilot plan prepare present produce progress promote provide
    publish pursue put raise recruit refresh reply report request respond return review
    revise run schedule scope secure seek send set share source speak submit support take
    test undertake update visit work write fund renew repeat resubmit re-present reconvene
    redraft reissue issue sign add remove refer incorporate reconsider reschedule allocate
    publicise publicize advertise pass table answer
    """
)
# After "X to ...", these say where a thing goes, so X may be a paper, not a person.
MOVEMENT = frozenset({"come", "return", "feed", "go"})
# "X agreed to <verb>" and "X be asked to <verb>" with these verbs decide (or ask another
# body to decide: "Council be asked to approve the policy"); they set nobody a task.
DECIDING_VERBS = words("note approve endorse accept adopt agree support welcome receive ratify")
# "be ..." that decides rather than asks anyone to do anything.
DECIDED = words(
    """
    noted received approved endorsed agreed adopted accepted welcomed ratified supported
    thanked acknowledged confirmed commended recorded recommended minuted reaffirmed amended
    signed appointed elected re-elected pleased concerned disappointed reassured satisfied
    assured based required needed withdrawn closed discharged removed rescinded revoked
    dissolved disbanded deleted refused rejected declined congratulated reduced improved
    increased determined allocated awarded extended granted released transferred retained
    maintained continued ceased discontinued waived delegated varied funded upheld dismissed
    decided resolved
    """
)
SUBJUNCTIVE_VERBS = (
    "report|bring|present|provide|prepare|circulate|write|arrange|review|update|develop|share|"
    "produce|submit|return|come|explore|investigate|lead|liaise|work|ensure|meet|contact|add|"
    "remove|visit|invite|seek|consult|engage|publish|notify|inform|respond|reply|send|forward|"
    "undertake|carry"
)
ACTOR = re.compile(
    r"\b(?:director|officers?|manager|chair(?:man|woman|person)?|vice-chair|boards?|members?|"
    r"head|leads?|team|council|services?|partnership|partners?|group|panel|committee|cabinet|"
    r"clerk|secretary|co-?ordinator|commissioners?|agency|agencies|ccg|schools?|police|trust|"
    r"nurses?|executive|he|she|they|we|staff|consultants?|advis[eo]rs?|analysts?|providers?|"
    r"practitioners?|colleagues|representatives?|portfolio\s+holder|leader|mayor|"
    r"councillors?|cllr|health|nhs|forum|network|organisations?|authority|department|unit|"
    r"hub|governors?|headteachers?|principal|sub-?group|deputy|cabinet\s+member|lead\s+member|"
    r"conven[eo]rs?|vice-conven[eo]r|provost|spokesperson|champions?|directorate|clinicians?|"
    r"workers?)\b",
    re.IGNORECASE,
)
SMALL_WORDS = frozenset({"of", "and", "for", "the", "&", "in", "on", "to", "–", "-"})
DETERMINERS = words("the a an all our their its each every any how what whether")
NOT_OWNERS = words("it there this that which who what a an the")
# Words that make a would-be owner a sentence: "the Committee notes the ...".
FINITE_VERBS = words(
    """
    notes agrees requests approves welcomes endorses resolves recommends asks receives thanks
    supports accepts considers confirms instructs invites delegates authorises authorizes
    continue continues noted agreed requested approved welcomed endorsed resolved
    """
)
