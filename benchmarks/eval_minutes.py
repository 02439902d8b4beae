"""How well `cypp minutes extract` reads real council minutes: resolution and action F1,
owner and due accuracy, scored against a hand-labelled corpus (../shared/data/minutes-corpus).

The corpus is for measuring only: nothing of its text is in this repository. Each item is
`NN_council.txt` (the page as published) and `NN_council.json` (hand labels: resolutions
with label and text; actions with text, owner and due). The extractor is run in-process on
each `.txt` (`extract_minutes_file`, whose `to_json_dict()` is exactly what
`cypp minutes extract FILE --json` prints) and its rows are matched to the labels.

The matching rule (docs/minutes-extraction.md, "Measured"):
- Texts are compared after normalising: Unicode NFKC, curly quotes straight, case folded,
  a leading label ("(a)", "1.") and a leading "that" dropped, trailing "; and", ";", ".",
  "," and ":" dropped, whitespace collapsed; then split into words (letters and digits).
- A resolution matches a labelled one when the Dice overlap of their words
  (2 x shared / (words in both)) is at least 0.8: the labels are verbatim, so only stems
  ("RESOLVED - That the Committee:") and list punctuation may differ.
- An action matches a labelled one when at least half of the content words (stop words
  dropped, words cut to their first 5 letters so "report"/"reporting" agree) of either
  text are in the other: action labels are paraphrases, short ("report back on
  progress") or spelling out what the minutes only point to ("investigate the two issues
  raised (...)"), while the extract keeps the page's words.
- Matching is one to one, best overlap first. Precision = matched / extracted, recall =
  matched / labelled, F1 their harmonic mean, over all items of a set together.
- Owner accuracy: of matched actions, those whose owner equals the label's after
  normalising (case, quotes, a leading "the"), a missing owner equalling a missing one.
  Due accuracy likewise, where one due containing the other also counts ("the next
  meeting" for "the next meeting of the committee").
- A page the extractor refuses counts as one with no rows.
- Notes in the labels that call another reading defensible are not applied: the figures
  are strict; `--detail` lists every difference for a person to judge.

Councils are split in two. The extraction rules were revised against the "development"
councils only; the "held out" ones measure how the rules generalise to councils they were
not written against, which is what the figures mean.

Run: `make eval` (also the first step of `make bench`), or
`.venv/bin/python benchmarks/eval_minutes.py [--corpus DIR] [--json] [--detail [all]]`.
The corpus is looked for in $CYPP_MINUTES_CORPUS, else ../shared/data/minutes-corpus beside
the repository; when it is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from cypp.governance.minutes import MinutesError, extract_minutes_file  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "minutes-corpus"
# The councils whose pages the rules were revised against; every other council is held out.
DEVELOPMENT_COUNCILS = frozenset(
    {"aberdeen-city", "barnsley", "southwark", "slough", "city-of-london", "sheffield"}
)
RESOLUTION_MATCH = 0.8
ACTION_MATCH = 0.5
STEM = 5
AIMS = {"resolutions F1": 0.95, "actions F1": 0.85, "owner accuracy": 0.9}

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "be",
        "is",
        "are",
        "was",
        "were",
        "will",
        "would",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "there",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "any",
        "all",
        "each",
        "other",
        "such",
        "than",
        "then",
        "into",
        "onto",
        "upon",
        "about",
        "over",
        "under",
        "more",
        "most",
        "also",
        "only",
        "so",
        "not",
        "no",
        "nor",
        "but",
        "if",
        "per",
        "via",
        "our",
        "your",
        "his",
        "her",
        "they",
        "them",
        "we",
        "us",
        "he",
        "she",
        "i",
    ]
)
_LEADING_LABEL = re.compile(r"^\(?(?:[a-z]{1,2}|[ivxlc]{1,6}|\d{1,3}(?:\.\d{1,3})?)[).](?=\s)")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))
    text = " ".join(text.casefold().split())
    text = _LEADING_LABEL.sub("", text).strip()
    text = re.sub(r"^that\b[\s,:–-]*", "", text)
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"(?:;\s*and|;\s*or|[;.,:])\s*$", "", text).strip()
    return text


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", normalise(text))


def content_stems(text: str) -> list[str]:
    return [w[:STEM] for w in words(text) if w not in _STOP]


def resolution_overlap(label: str, extracted: str) -> float:
    a, b = Counter(words(label)), Counter(words(extracted))
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


def action_overlap(label: str, extracted: str) -> float:
    """The larger share of either text's content words found in the other: a label may
    paraphrase briefly ("report back on progress") or spell out what the minutes only
    point to ("investigate the two issues raised (workload and capacity ...)")."""
    a, b = Counter(content_stems(label)), Counter(content_stems(extracted))
    if not a or not b:
        return 0.0
    shared = sum((a & b).values())
    return max(shared / sum(a.values()), shared / sum(b.values()))


def match(
    labelled: Sequence[str],
    extracted: Sequence[str],
    overlap: Callable[[str, str], float],
    at: float,
) -> list[tuple[int, int]]:
    """One-to-one pairs (labelled index, extracted index), best overlap first."""
    scored = sorted(
        (
            (overlap(label, text), i, j)
            for i, label in enumerate(labelled)
            for j, text in enumerate(extracted)
        ),
        key=lambda s: (-s[0], s[1], s[2]),
    )
    pairs, used_i, used_j = [], set(), set()
    for score, i, j in scored:
        if score < at:
            break
        if i in used_i or j in used_j:
            continue
        pairs.append((i, j))
        used_i.add(i)
        used_j.add(j)
    return sorted(pairs)


def same_owner(label: str | None, extracted: str | None) -> bool:
    if label is None or extracted is None:
        return label is None and extracted is None
    return _person(label) == _person(extracted)


def _person(text: str) -> str:
    return re.sub(r"^(?:the|all)\s+", "", normalise(text))


def same_due(label: str | None, extracted: str | None) -> bool:
    if label is None or extracted is None:
        return label is None and extracted is None
    a, b = _person(label), _person(extracted)
    return a == b or a in b or b in a


@dataclass
class Tally:
    resolutions_matched: int = 0
    resolutions_extracted: int = 0
    resolutions_labelled: int = 0
    actions_matched: int = 0
    actions_extracted: int = 0
    actions_labelled: int = 0
    owners_right: int = 0
    dues_right: int = 0
    items: int = 0
    refused: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in [
            "resolutions_matched",
            "resolutions_extracted",
            "resolutions_labelled",
            "actions_matched",
            "actions_extracted",
            "actions_labelled",
            "owners_right",
            "dues_right",
            "items",
        ]:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.refused += other.refused

    def figures(self) -> dict[str, Any]:
        def f1(matched: int, extracted: int, labelled: int) -> dict[str, Any]:
            precision = matched / extracted if extracted else 1.0
            recall = matched / labelled if labelled else 1.0
            f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            return {
                "precision": round(precision, 3),
                "recall": round(recall, 3),
                "f1": round(f, 3),
                "matched": matched,
                "extracted": extracted,
                "labelled": labelled,
            }

        matched = self.actions_matched
        return {
            "items": self.items,
            "refused": self.refused,
            "resolutions": f1(
                self.resolutions_matched, self.resolutions_extracted, self.resolutions_labelled
            ),
            "actions": f1(self.actions_matched, self.actions_extracted, self.actions_labelled),
            "owner_accuracy": round(self.owners_right / matched, 3) if matched else None,
            "owners_right": self.owners_right,
            "due_accuracy": round(self.dues_right / matched, 3) if matched else None,
            "dues_right": self.dues_right,
        }


def score_item(txt: Path, labels: dict[str, Any], detail: list[str] | None) -> Tally:
    tally = Tally(items=1)
    try:
        extract = extract_minutes_file(txt).to_json_dict()
    except MinutesError as error:
        tally.refused.append(txt.name)
        extract = {"resolutions": [], "actions": []}
        if detail is not None:
            detail.append(f"  refused: {error.reason}")
    got_r = [r["text"] for r in extract["resolutions"]]  # type: ignore[index]
    want_r = [r["text"] for r in labels["resolutions"]]
    pairs_r = match(want_r, got_r, resolution_overlap, RESOLUTION_MATCH)
    tally.resolutions_matched = len(pairs_r)
    tally.resolutions_extracted = len(got_r)
    tally.resolutions_labelled = len(want_r)

    got_a: list[dict[str, Any]] = list(extract["actions"])  # type: ignore[arg-type]
    want_a = labels["actions"]
    pairs_a = match(
        [a["text"] for a in want_a], [a["text"] for a in got_a], action_overlap, ACTION_MATCH
    )
    tally.actions_matched = len(pairs_a)
    tally.actions_extracted = len(got_a)
    tally.actions_labelled = len(want_a)
    for i, j in pairs_a:
        tally.owners_right += same_owner(want_a[i]["owner"], got_a[j]["owner"])
        tally.dues_right += same_due(want_a[i]["due"], got_a[j]["due"])

    if detail is not None:
        _describe(detail, want_r, got_r, pairs_r, want_a, got_a, pairs_a)
    return tally


def _describe(
    out: list[str],
    want_r: list[str],
    got_r: list[str],
    pairs_r: list[tuple[int, int]],
    want_a: list[dict[str, Any]],
    got_a: list[dict[str, Any]],
    pairs_a: list[tuple[int, int]],
) -> None:
    def short(text: str) -> str:
        return text if len(text) <= 110 else text[:107] + "..."

    matched_i = {i for i, _ in pairs_r}
    matched_j = {j for _, j in pairs_r}
    out += [f"  resolution missed: {short(t)}" for i, t in enumerate(want_r) if i not in matched_i]
    out += [f"  resolution extra:  {short(t)}" for j, t in enumerate(got_r) if j not in matched_j]
    matched_i = {i for i, _ in pairs_a}
    matched_j = {j for _, j in pairs_a}
    out += [
        f"  action missed: {short(a['text'])}" for i, a in enumerate(want_a) if i not in matched_i
    ]
    out += [
        f"  action extra:  {short(a['text'])}" for j, a in enumerate(got_a) if j not in matched_j
    ]
    for i, j in pairs_a:
        if not same_owner(want_a[i]["owner"], got_a[j]["owner"]):
            out.append(
                f"  owner: labelled {want_a[i]['owner']!r}, extracted {got_a[j]['owner']!r}"
                f" ({short(got_a[j]['text'])})"
            )
        if not same_due(want_a[i]["due"], got_a[j]["due"]):
            out.append(f"  due: labelled {want_a[i]['due']!r}, extracted {got_a[j]['due']!r}")


def council(path: Path) -> str:
    return path.stem.split("_", 1)[1] if "_" in path.stem else path.stem


def evaluate(corpus: Path, detail_sets: frozenset[str] = frozenset()) -> dict[str, Any]:
    sets = {"development": Tally(), "held out": Tally(), "all": Tally()}
    lines: list[str] = []
    for txt in sorted(corpus.glob("*.txt")):
        labels_file = txt.with_suffix(".json")
        if not labels_file.exists():
            continue
        name = "development" if council(txt) in DEVELOPMENT_COUNCILS else "held out"
        detail: list[str] | None = [] if name in detail_sets else None
        tally = score_item(txt, json.loads(labels_file.read_text(encoding="utf-8")), detail)
        sets[name].add(tally)
        sets["all"].add(tally)
        if detail:
            lines += [f"{txt.name} ({name})", *detail]
    return {"sets": {k: v.figures() for k, v in sets.items()}, "detail": lines}


def _report(result: dict[str, Any], corpus: Path) -> str:
    out = [f"Minutes extraction scored against {corpus}", ""]
    header = f"{'set':<12} {'items':>5} {'resolutions F1':>15} {'actions F1':>11} {'owners':>7} {'dues':>6}"
    out += [header, "-" * len(header)]
    for name, f in result["sets"].items():
        r, a = f["resolutions"], f["actions"]
        owners = "-" if f["owner_accuracy"] is None else f"{f['owner_accuracy']:.2f}"
        dues = "-" if f["due_accuracy"] is None else f"{f['due_accuracy']:.2f}"
        out.append(
            f"{name:<12} {f['items']:>5} {r['f1']:>15.2f} {a['f1']:>11.2f} {owners:>7} {dues:>6}"
        )
    out.append("")
    for name, f in result["sets"].items():
        r, a = f["resolutions"], f["actions"]
        out.append(
            f"{name}: resolutions {r['matched']} matched of {r['extracted']} extracted and "
            f"{r['labelled']} labelled (precision {r['precision']:.2f}, recall {r['recall']:.2f}); "
            f"actions {a['matched']} of {a['extracted']} and {a['labelled']} (precision "
            f"{a['precision']:.2f}, recall {a['recall']:.2f}); owners right "
            f"{f['owners_right']} of {a['matched']}; dues right {f['dues_right']} of "
            f"{a['matched']}" + (f"; refused: {', '.join(f['refused'])}" if f["refused"] else "")
        )
    aims = ", ".join(f"{k} at least {v}" for k, v in AIMS.items())
    out += ["", f"Aims (issue #18, on the held-out councils): {aims}."]
    if result["detail"]:
        out += ["", *result["detail"]]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--detail",
        nargs="?",
        const="development",
        choices=["development", "all"],
        help="list every difference (of the development councils, or of all)",
    )
    args = parser.parse_args(argv)
    corpus = args.corpus or Path(os.environ.get("CYPP_MINUTES_CORPUS") or DEFAULT_CORPUS)
    if not corpus.is_dir() or not any(corpus.glob("*.json")):
        print(
            f"Minutes corpus not found at {corpus}: nothing scored. Set CYPP_MINUTES_CORPUS "
            "to a folder of NN_council.txt pages with NN_council.json labels."
        )
        return 0
    detail_sets = {
        None: frozenset(),
        "development": frozenset({"development"}),
        "all": frozenset({"development", "held out"}),
    }[args.detail]
    result = evaluate(corpus, detail_sets)
    print(json.dumps(result, indent=2) if args.json else _report(result, corpus))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
