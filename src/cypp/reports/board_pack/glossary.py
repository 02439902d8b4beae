"""The words a board pack uses, explained for a board member who is not an analyst."""

GLOSSARY: list[tuple[str, str]] = [
    ("Baseline", "The figure a target is measured from, with the period it describes."),
    ("Target", "The figure the plan aims to reach, and the date it is due."),
    (
        "Progress to target",
        "On track: the latest figure is on or better than the straight line from the baseline "
        "to the target. At risk: behind that line but within tolerance. Off track: behind it "
        "by more. Missed or achieved: the due date has passed.",
    ),
    (
        "Rating (red, amber, green)",
        "One word that combines progress to target with the comparison with England; the "
        "rules are published in the methods and each rating gives its reason.",
    ),
    (
        "95% confidence interval",
        "The range in which the true value probably lies, given chance variation in small "
        "numbers. Wide intervals mean the figure is uncertain.",
    ),
    (
        "Significantly better or worse",
        "The confidence interval lies wholly on one side of the comparator (England or the "
        "statistical neighbours' average), so the difference is unlikely to be chance.",
    ),
    (
        "Similar",
        "The confidence interval includes the comparator: no significant difference.",
    ),
    (
        "Statistical neighbours",
        "The ten local authorities most like ours, chosen by the Department for Education "
        "from their children's characteristics.",
    ),
    (
        "Quartile band",
        "Which quarter of all local authorities our figure falls in: A is the best quarter, "
        "D the worst.",
    ),
    (
        "Recent trend",
        "Whether the last five figures rise or fall by more than chance would explain "
        "(a chi-squared test for trend or a weighted regression, as Fingertips uses).",
    ),
    (
        "Estimate",
        "A figure worked out from national rates or a model, not counted locally. It is "
        "marked wherever it appears and is never presented as a measured fact.",
    ),
    ("Provisional", "A published figure the publisher may still revise."),
    (
        "Suppressed",
        "A figure the publisher withheld, usually because small numbers could identify a "
        "child (shown as c, x or low in the source). CYPP withholds local small numbers "
        "the same way: a count from a local source below the threshold (10 unless set "
        "otherwise), or a figure worked out from one, is shown as c.",
    ),
    (
        "The story behind the curve",
        "The measure owner's account of why the figures look as they do, what is working, "
        "what will be done next, and which partners help (results-based accountability).",
    ),
]
