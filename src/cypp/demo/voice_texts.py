"""The words of the demo's voice work: made-up free-text answers, the analyst's themes and
the partnership's replies (cypp.demo.voice). All SYNTHETIC: written for the demo, never said
by a child in Herefordshire.

The answers are templates, ``{town}`` filled with the respondent's area, written to read like
what children and parents write in such surveys (short, plain, often about buses, places to
go, worries and school) and never about harm: the demo survey is anonymous, so an answer that
said a child was unsafe would only show help, and made-up harm has no place in a demo. A few
answers suggest no theme (the analyst leaves or themes them by hand), and "swimming" answers
wait for a theme nobody has made yet (the "done when" journey makes it).
"""

from __future__ import annotations

# (theme, weight, templates): which theme the writer had in mind, how often it comes up.
BETTER = (
    (
        "things",
        30,
        (
            "More things to do in {town} after school.",
            "A youth club in {town} that is open on Fridays.",
            "There is nothing to do at weekends so we just walk around.",
            "A skate park that is not falling apart.",
            "Better parks with things for older kids not just toddlers.",
            "More clubs that do not cost a lot of money.",
        ),
    ),
    (
        "buses",
        24,
        (
            "More buses. The last bus home from {town} is too early.",
            "The bus from our village only comes twice a day.",
            "Cheaper buses for young people so we can get to college.",
            "I have to ask for a lift everywhere because there is no transport.",
            "A cycle path into {town} so I can ride my bike safely.",
        ),
    ),
    (
        "worries",
        18,
        (
            "Someone to talk to at school when I am worried.",
            "Help with stress before exams.",
            "I get anxious and I did not know who to ask.",
            "Less waiting to see someone about mental health.",
            "Sometimes I feel lonely and there is no one my age near me.",
        ),
    ),
    (
        "school",
        12,
        (
            "Less homework so we have time to see friends.",
            "Teachers who listen to us.",
            "More trips and fun lessons at school.",
            "Better school dinners.",
        ),
    ),
    (
        "bullying",
        8,
        (
            "Stop bullying at school and online.",
            "People being mean on group chats should get sorted out.",
            "Teachers should do more when someone is picked on.",
        ),
    ),
    (
        "jobs",
        8,
        (
            "More apprenticeships near {town}.",
            "Part time jobs for 16 year olds.",
            "Help finding work that is not in Hereford.",
        ),
    ),
    ("swimming", 5, ("A swimming pool in {town} that is open at weekends.",)),
    (
        "none",
        10,
        (
            "I like living here.",
            "More ice cream vans.",
            "Nothing really, it is fine.",
            "I do not know.",
            "Be nicer to dogs.",
        ),
    ),
)

SAFER = (
    ("safe", 50, ("More street lights on the way home.", "Slower traffic on our road.")),
    ("safe", 20, ("A safe crossing near school.", "It is dark walking back from the bus.")),
    ("bullying", 15, ("If people stopped being mean to me at the park.",)),
    ("none", 15, ("I do not know.", "My friends being with me.")),
)

PARENTS = (
    (
        "families",
        35,
        (
            "Support for parents without a long waiting list.",
            "Parenting groups in {town}, not only in Hereford.",
            "Family support when things get hard, before it is a crisis.",
        ),
    ),
    ("worries", 25, ("Quicker help for my son's mental health.", "Help for anxious children.")),
    ("buses", 20, ("Buses that fit school and college times.", "Transport to clubs.")),
    ("things", 15, ("Affordable things to do in the holidays.", "More youth clubs.")),
    ("none", 5, ("Nothing to add.",)),
)

# The analyst's themes: (key, name, description, keywords, outcome keys of the 2018-2023
# plan, the pledge each outcome serves in brackets).
THEMES = (
    (
        "things",
        "Things to do and places to go",
        "Clubs, parks and somewhere to meet friends, near home and affordable.",
        (
            "things to do",
            "nothing to do",
            "youth club",
            "youth clubs",
            "club",
            "clubs",
            "park",
            "parks",
            "skate park",
        ),
        ("youth-voice", "youth-justice"),  # feel part of the community
    ),
    (
        "buses",
        "Buses and getting about",
        "Getting to school, college, clubs and friends from the towns and villages.",
        ("bus", "buses", "transport", "lift", "cycle path", "bike"),
        ("education-employment-training", "youth-voice"),  # be amazing; community
    ),
    (
        "worries",
        "Worries and feelings",
        "Someone to talk to, and quick help with stress, worry and feeling low.",
        ("worried", "stress", "anxious", "lonely", "mental health", "someone to talk to"),
        ("mental-health",),  # be healthy
    ),
    (
        "safe",
        "Feeling safe when out and about",
        "Street lights, traffic and the walk home.",
        ("street lights", "traffic", "crossing", "dark"),
        ("protected",),  # be safe from harm
    ),
    (
        "bullying",
        "Bullying, at school and online",
        "Being picked on, in person and in group chats.",
        ("bullying", "mean", "picked on"),
        ("protected", "mental-health"),  # be safe from harm; be healthy
    ),
    (
        "school",
        "School and learning",
        "Lessons, homework, teachers who listen, school dinners.",
        ("homework", "teachers", "lessons", "school dinners", "trips"),
        ("achieve",),  # be amazing
    ),
    (
        "jobs",
        "Jobs and training",
        "Apprenticeships and work near home.",
        ("apprenticeships", "jobs", "work"),
        ("education-employment-training",),  # be amazing
    ),
    (
        "families",
        "Help for families",
        "Support for parents, early and near home.",
        ("support for parents", "parenting", "family support", "waiting list"),
        ("whole-family-help", "mental-health"),  # be safe from harm; be healthy
    ),
)

# "You said, we did": (theme key, organisation (None: the partnership), you said, we did,
# status, commitment key of the 2018-2023 plan, the board action (True: the demo's action),
# published).
REPLIES = (
    (
        "worries",
        None,
        "You want someone to talk to when you feel worried, and not to wait a long time for help.",
        "We are training a member of staff in every secondary school to listen and help, and "
        "we have asked the mental health service to tell us how long young people wait.",
        "in_progress",
        "mental-health-actions",
        False,
        True,
    ),
    (
        "things",
        None,
        "You told us there is not enough to do after school and at weekends, especially "
        "outside Hereford.",
        "The Health and Wellbeing Board asked for a map of clubs and activities in every "
        "market town, so we can see where the gaps are and fill them.",
        "planned",
        None,
        True,
        True,
    ),
    (
        "buses",
        None,
        "You said buses stop too early and cost too much, so it is hard to get to college, "
        "clubs and friends.",
        "Board members have taken this to the bus companies and the council's transport team "
        "as a barrier to the plan. We will tell you what they say.",
        "in_progress",
        "identify-barriers",
        False,
        True,
    ),
    (
        "safe",
        "Herefordshire Council",
        "You said some streets are too dark on the way home.",
        "We checked the street lights on the walking routes to bus stops in the market towns "
        "and mended 40 of them.",
        "done",
        None,
        False,
        True,
    ),
    (
        "safe",
        "West Mercia Police",
        "You said you do not always feel safe walking home when it is dark.",
        "Our officers now walk past bus stops in Hereford and Leominster on Friday and "
        "Saturday evenings.",
        "in_progress",
        None,
        False,
        True,
    ),
    (
        "bullying",
        None,
        "You want bullying, at school and online, to be sorted out.",
        "Schools are writing the plan's action plans with us, and stopping bullying is now in "
        "every one of them.",
        "planned",
        "action-plans",
        False,
        True,
    ),
    (
        "jobs",
        None,
        "You asked for apprenticeships and part-time jobs near where you live.",
        "We cannot create jobs ourselves. We have asked employers in every market town to "
        "come to a jobs fair in Hereford, and we pay the bus fare to get there.",
        "not_doing",
        None,
        False,
        True,
    ),
    (
        "families",
        None,
        "Parents and carers asked for support earlier, nearer home, without a long wait.",
        "Draft, not yet published: we are joining up help for children and adults around the "
        "whole family.",
        "planned",
        "whole-family-working",
        False,
        False,
    ),
)

# The demo's board action behind the "things to do" reply.
ACTION_TEXT = (
    "Map the clubs and activities for children and young people in each market town and "
    "report the gaps to the board (from the wellbeing survey, SYNTHETIC demo)"
)
ACTION_OWNER = "Youth participation lead"
