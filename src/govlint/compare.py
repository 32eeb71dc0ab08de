"""Year over year: this year's report read beside the same issuer's report of the year before.

A consumer of the report model (two parsed ``Report`` objects, never a second parser). It finds
this year's paragraphs that are last year's with the years and numbers changed (GL501), and the
items of last year's next-year plan that this year's report never takes up again (GL502). No
published criterion names either check: they are this project's reviewer's aids.

Paragraphs are compared normalised (numbers, years and punctuation removed): an identical
paragraph is found by a dict; otherwise the candidates are last year's paragraphs that share a
whole sentence with it, scored by the sentences they share, and by character trigrams (Dice
coefficient) when that alone does not decide. A pair of 20 KB reports costs about a millisecond,
not the quadratic difflib of every pair of paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from govlint.report import Heading, Report, Span

# Numbers (Arabic, full-width, Chinese), years, spaces and punctuation: what changes between two
# copies of one paragraph when only the years and counts were updated. The standard library's re
# runs this simple class faster than regex or str.translate (it is the comparison's main cost).
_NOISE = re.compile(r"[\W\d_零〇一二两三四五六七八九十百千万亿]+")
# A copied paragraph shares at least one whole sentence with last year's: that is how candidates
# are found.
_SENTENCE_ENDS = "。；;！!？?"
# Marks sentence ends through normalisation: a letter (so _NOISE keeps it) no report contains.
_MARK = "\u01c2"
_SHINGLE = 3
_SECOND = itemgetter(1)

# Plan items open with verbs and adverbs that every plan uses; the key phrase is what follows.
_PLAN_LEAD = regex.compile(
    r"^(?:[一二三四五六七八九十]+是|[（(]?[一二三四五六七八九十\d]+[）)、.．]?)?\s*"
    r"(?:(?:持续|继续|进一步|不断|全面|着力|扎实|大力|深入|切实|认真|积极|重点|努力|加快|坚持|始终|严格|"
    r"深化|加强|推进|推动|推行|健全|完善|强化|提升|提高|落实|抓好|做好|规范|优化|创新|开展|建立|建设|夯实|"
    r"贯彻|狠抓|紧扣|围绕|聚焦|以)+)"
)
_PLAN_STOP = regex.compile(r"[，,。；;：:！!？?]")
_PARENTHESIS = regex.compile(r"[（(][^（()）]{0,20}[）)]")
# Where a plan paragraph lists several items: 一是…，二是…; or sentence by sentence.
_PLAN_SPLIT = regex.compile(r"(?<=[。；;])|[，,]?(?=[一二三四五六七八九十]是)")


def normalise(text: str) -> str:
    """The letters of a text without numbers, years or punctuation (for similarity only)."""
    return _NOISE.sub("", text)


def _normalised(text: str) -> tuple[str, list[str]]:
    """A paragraph's letters, and its normalised sentences long enough to say something."""
    # str.replace of the few sentence ends a paragraph holds costs less than a regex pass over it
    # (this runs on every paragraph of both reports: a fifth of a pair's cost).
    for end in _SENTENCE_ENDS:
        if end in text:
            text = text.replace(end, _MARK)
    parts = _NOISE.sub("", text).split(_MARK)
    return "".join(parts), [part for part in parts if len(part) >= 6]


def _shingles(text: str) -> set[str]:
    return {text[i : i + _SHINGLE] for i in range(len(text) - _SHINGLE + 1)}


def _dice(mine: set[str], theirs: set[str]) -> float:
    return 2 * len(mine & theirs) / (len(mine) + len(theirs) or 1)


@dataclass
class CopiedParagraph:
    """A paragraph of this year's report substantially the same as one of last year's."""

    start: int
    end: int
    line: int
    previous_line: int
    previous_text: str
    similarity: float


@dataclass
class PlanItem:
    """An item of last year's next-year plan, with its key phrase and where it stood."""

    phrase: str
    text: str
    line: int


@dataclass
class Comparison:
    """What one comparison found; ``share`` is the part of this year's compared text that is copied."""

    previous_path: str
    copied: list[CopiedParagraph] = field(default_factory=list)
    compared_chars: int = 0
    copied_chars: int = 0

    @property
    def share(self) -> float:
        return self.copied_chars / self.compared_chars if self.compared_chars else 0.0

    def describe(self) -> str:
        """One line for people: what share of this report is last year's text."""
        if not self.copied:
            return f"对照上一年度报告 {self.previous_path}：没有与上年基本相同的段落"
        return (
            f"对照上一年度报告 {self.previous_path}：约 {self.share:.0%} 的正文与上年基本相同"
            f"（{len(self.copied)} 段，审阅辅助，不是法定要求）"
        )


def _work_paragraphs(report: Report, min_chars: int) -> list[tuple[Span, str, list[str]]]:
    """The body paragraphs worth comparing: below the first heading (the formulaic opening above it
    does not count), outside site chrome, and long enough once normalised (headings are never
    paragraphs in the report model, so area headings do not count either)."""
    first_heading = report.headings[0].start if report.headings else report.body.start
    in_chrome = report.chrome_test()  # None: no chrome to test against
    text = report.text
    found = []
    for span in report.paragraphs:
        if span.start < first_heading or (in_chrome is not None and in_chrome(span.start)):
            continue
        letters, sentences = _normalised(text[span.start : span.end])
        if len(letters) >= min_chars:
            found.append((span, letters, sentences))
    return found


def copied_paragraphs(report: Report, previous: Report, similarity: float = 0.8, min_chars: int = 30) -> Comparison:
    """This year's paragraphs whose character trigrams share at least ``similarity`` (Dice
    coefficient, numbers and punctuation removed) with one of last year's paragraphs, each matched
    to its most similar paragraph, once. Candidates are last year's paragraphs that share a whole
    sentence with it (after normalising), so the cost is a few dict lookups a paragraph."""
    result = Comparison(previous.path)
    mine = _work_paragraphs(report, min_chars)
    theirs = _work_paragraphs(previous, min_chars)
    result.compared_chars = sum(span.end - span.start for span, _, _ in mine)
    if not mine or not theirs:
        return result
    # A paragraph copied with only its numbers changed is identical once normalised: a dict finds it.
    exact: dict[str, int] = {}
    # Each sentence's paragraphs, each once (numbers come in increasing order: a repeat is the last).
    by_sentence: dict[str, list[int]] = {}
    for number, (_, letters, sentences) in enumerate(theirs):
        exact.setdefault(letters, number)
        for sentence in sentences:
            numbers = by_sentence.setdefault(sentence, [])
            if not numbers or numbers[-1] != number:
                numbers.append(number)
    their_sets: dict[int, set[str]] = {}
    for span, letters, sentences in mine:
        best, best_score = exact.get(letters, -1), 1.0
        mine_set: set[str] | None = None  # this paragraph's trigrams, made once if a candidate needs them
        if best < 0:
            shared: dict[int, int] = {}
            # A sentence said twice is shared once. dict.fromkeys, not set: ties are broken by
            # insertion order, and a set's order changes with the hash seed (so would the output).
            for sentence in dict.fromkeys(sentences):
                for number in by_sentence.get(sentence, ()):
                    shared[number] = shared.get(number, 0) + len(sentence)
            best_score = 0.0
            # The two paragraphs sharing the most, ties in insertion order (what Counter.most_common(2)
            # gives, for a fraction of its cost on the one to three candidates a paragraph has).
            candidates = sorted(shared.items(), key=_SECOND, reverse=True)[:2] if len(shared) > 1 else shared.items()
            for number, chars in candidates:
                # Whole sentences in common, as a share of both paragraphs; when that alone does
                # not decide, trigrams do (a sentence reworded a little still counts for most).
                score = 2 * chars / (len(letters) + len(theirs[number][1]))
                if similarity / 2 <= score < similarity:
                    if number not in their_sets:
                        their_sets[number] = _shingles(theirs[number][1])
                    if mine_set is None:
                        mine_set = _shingles(letters)
                    score = _dice(mine_set, their_sets[number])
                if score > best_score:
                    best, best_score = number, min(score, 1.0)
        if best >= 0 and best_score >= similarity:
            their_span = theirs[best][0]
            result.copied.append(
                CopiedParagraph(
                    span.start,
                    span.end,
                    report.position(span.start)[0],
                    previous.position(their_span.start)[0],
                    previous.text[their_span.start : their_span.end],
                    round(best_score, 3),
                )
            )
            result.copied_chars += span.end - span.start
    return result


def comparison(report: Report, previous: Report, similarity: float = 0.8, min_chars: int = 30) -> Comparison:
    """``copied_paragraphs``, computed once per report (the engine hands the result to the formats)."""
    key = ("comparison", previous.path, similarity, min_chars)
    found = report.cache.get("comparison")
    if found is None or report.cache.get("comparison_key") != key:
        found = copied_paragraphs(report, previous, similarity, min_chars)
        report.cache["comparison"], report.cache["comparison_key"] = found, key
    return found


# ---- the previous plan -----------------------------------------------------------------------


def key_phrase(text: str, longest: int = 12) -> str:
    """The key phrase of a plan item: its first clause without the ordinal and the opening verbs."""
    text = _PARENTHESIS.sub("", text.strip())
    lead = _PLAN_LEAD.match(text)
    rest = text[lead.end() :] if lead else text
    stop = _PLAN_STOP.search(rest)
    phrase = rest[: stop.start()] if stop else rest
    return phrase.strip()[:longest]


def plan_items(previous: Report, plan_headings: list[Heading]) -> list[PlanItem]:
    """Items of the next-year plan: the subheadings of its part, or else its paragraphs."""
    items: list[PlanItem] = []
    for heading in plan_headings:
        children = heading.children
        if children:
            for child in children:
                phrase = key_phrase(child.text)
                items.append(PlanItem(phrase, child.text, previous.position(child.start)[0]))
            continue
        for span in previous.paragraphs:
            if heading.end <= span.start < heading.section_end:
                line = previous.position(span.start)[0]
                for part in _PLAN_SPLIT.split(previous.text[span.start : span.end]):
                    if part.strip():
                        items.append(PlanItem(key_phrase(part), part.strip(), line))
    return [item for item in items if len(normalise(item.phrase)) >= 4]


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def mentioned(phrase: str, report: Report, coverage: float = 0.75) -> bool:
    """Whether this year's body takes the phrase up again: literally, or in one paragraph holding at
    least ``coverage`` of the phrase's character pairs (加强行政执法监督 ~ 行政执法监督进一步加强)."""
    body = report.text[report.body.start : report.body.end]
    if phrase in body:
        return True
    wanted = _bigrams(normalise(phrase))
    if not wanted:
        return True
    memo = report.cache.setdefault("paragraph_bigrams", {})
    if "sets" not in memo:
        memo["sets"] = [_bigrams(normalise(report.text[s.start : s.end])) for s in report.paragraphs]
        memo["sets"].append(_bigrams(normalise(" ".join(h.text for h in report.headings))))
    need = coverage * len(wanted)
    return any(len(wanted & found) >= need for found in memo["sets"])
