"""Stage 2, the report model: a report's text parsed into header, title, year, headings,
paragraphs and sentences, with site chrome marked as not report text.

Everything here is derived once per report; rules read it and never re-parse the text.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import regex

from govlint.load import Source
from govlint.numerals import chinese_to_int, parse_year

# Canonical portal header fields, and the labels that mean the same field.
HEADER_FIELDS = ("索引号", "发文字号", "发布机构", "主题分类", "成文日期", "发布日期", "体裁分类", "有效性", "公开方式")
FIELD_ALIASES = {
    "发文机关": "发布机构",
    "发文机构": "发布机构",
    "发文单位": "发布机构",
    "发布单位": "发布机构",
    "制发机构": "发布机构",
    "文号": "发文字号",
    "发布时间": "发布日期",
    "公开日期": "发布日期",
    "生成日期": "成文日期",
    "发文日期": "成文日期",
    # Shandong portals: "成文时间：2026年01月28日 … 发文时间：2026年01月28日" (the second is the publication).
    "成文时间": "成文日期",
    "发文时间": "发布日期",
    "效力状态": "有效性",
}
# Labels seen on portal pages that are not header fields of the report but are not report text either.
OTHER_LABELS = (
    *("来源", "信息来源", "时间", "浏览次数", "访问量", "作者", "字号", "主题词", "公文种类", "分类"),
    *("内容分类", "信息分类", "公开范围"),
)
_ALL_LABELS = sorted({*HEADER_FIELDS, *FIELD_ALIASES, *OTHER_LABELS}, key=len, reverse=True)
# Portals space a short label out to the width of a long one ("索 引 号：", "文  号：").
_LABEL_ALT = "|".join(r"\s{0,2}".join(label) for label in _ALL_LABELS)
# A header laid out as a bulleted list ("• 索引号:…") or as a table row copied with its cell
# separators ("| [ 索引号 ] | 1150…/2026-00028 | [ 发文字号 ] | 无 |").
_BULLET = regex.compile(r"^(?:[•·●▪◆■]|[|｜])\s*")
# Cell separators left around a value by a table row.
_CELL_EDGE = " \t|｜"

_BRACKET_FIELD = regex.compile(r"\[\s*(?P<label>[\p{Han}]{2,6})\s*\]\s*(?P<value>[^\[\]\n]*?)\s*(?=\[|$)")


# The two patterns built on the label alternation take 5 ms to compile, a sixteenth of a cold check:
# compiled when a line first needs them (many reports have no "label：value" or "label | value" line).
@functools.cache
def _colon_field() -> regex.Pattern[str]:
    return regex.compile(rf"(?P<label>{_LABEL_ALT})\s*[：:]\s*(?P<value>.*?)\s*(?=(?:{_LABEL_ALT})\s*[：:]|$)")


# A table row whose cells alternate label and value with no colon: "索 引 号 | 1162…/2025-48086 | 主题分类 | 其他 |".
@functools.cache
def _cell_field() -> regex.Pattern[str]:
    return regex.compile(rf"(?P<label>{_LABEL_ALT})\s*[|｜]\s*(?P<value>[^|｜\n]*?)\s*(?=[|｜]|$)")


# Digits may be full-width (２０２４－０３－０５): \d matches them and int() reads them.
_DATE = regex.compile(r"(?P<y>\d{4})\s*[-/.年－／．]\s*(?P<m>\d{1,2})\s*[-/.月－／．]\s*(?P<d>\d{1,2})")

_BREADCRUMB = regex.compile(r"^(您当前的位置|您现在的位置|当前位置|您的位置|所在位置)")
_FOOTER = regex.compile(
    r"^(扫一扫在手机打开当前页|扫一扫在手机上查看当前页面|【?打印本页】?|【?关闭窗口】?|相关链接|\[\.\.\.\])\s*$"
)
_CHROME_LINE = regex.compile(
    r"^(无障碍|简体|繁体|微博|微信|网站地图|联系我们|返回顶部|打印|关闭|收藏|分享到?|字体|[大中小]\s*[大中小]?\s*[大中小]?)(\s|[|｜:：]|$)"
)
# A portal's own banner: "某某人民政府 2019年12月3日星期二".
_SITE_DATE = regex.compile(r"\d{4}年\d{1,2}月\d{1,2}日\s*星期[一二三四五六日天]")
_TITLE_HINT = regex.compile(r"报告|情况$")
_MARKDOWN_MARK = regex.compile(r"^#{1,6}[ \t]+")
_ISSUER_LINE = regex.compile(
    r"^[\p{Han}（）()]{2,30}(人民政府|人民政府办公室|委员会|局|厅|办公室|办事处|街道|镇|乡|司法所|管委会|管理委员会)$"
)
# A document's name ends in its genre word; a name that does not is still running on the next line.
_GENRE_END = regex.compile(
    r"(报告|通知|方案|要点|安排|计划|规划|意见|讲话|致辞|发言|总结|情况|办法|规定|决定|解读|细则|纲要|函)[》」]?$"
)
_DOC_NUMBER_LINE = regex.compile(r"^[\p{Han}]{1,12}[〔\[【（(]\d{4}[〕\]】）)]\d{1,4}号$")
_RUNNING_TITLE = regex.compile(r"^[^。；，,：:！？!?]{1,60}$")
# Titles are cited in 《》: blanking their contents keeps a topic search to what the text says itself.
_CITED = regex.compile(r"《[^《》\n]*》")
_YEAR_IN_TITLE = regex.compile(r"(?P<year>(?:19|20)\d\d|[〇零一二三四五六七八九]{4})\s*年")
_YEAR_IN_INTRO = regex.compile(
    r"(?P<year>(?:19|20)\d\d|[〇零一二三四五六七八九]{4})\s*年度?[^。，,；\n]{0,20}法治(?:政府)?建设"
)

# Heading levels: 一、 / （一） / 1. or 1、 / （1）; above them, the parts some reports number
# 第一部分 … 第三部分 (level 0: its 一、 are its sub-headings, not its siblings).
_HEADING_PATTERNS = (
    (0, regex.compile(r"^第(?P<ord>[一二三四五六七八九十]{1,3})部分(?=[\s　：:、]|$)")),
    (1, regex.compile(r"^(?P<ord>[一二三四五六七八九十]{1,3})\s*(?:、|[．.](?!\d))")),
    (2, regex.compile(r"^[（(]\s*(?P<ord>[一二三四五六七八九十]{1,3})\s*[）)]")),
    (3, regex.compile(r"^(?P<ord>\d{1,2})\s*[.．、](?![\d.．])")),
    (4, regex.compile(r"^[（(]\s*(?P<ord>\d{1,2})\s*[）)]")),
)
# The four patterns as one alternation tried in the same order (the first that matches wins, as in a
# loop over them): one regex call per line instead of up to four. Group hN is level N, oN its ordinal.
_HEADING_ANY = regex.compile(
    "^(?:"
    + "|".join(
        f"(?P<h{level}>" + pattern.pattern[1:].replace("(?P<ord>", f"(?P<o{level}>") + ")"
        for level, pattern in _HEADING_PATTERNS
    )
    + ")"
)
# Group hN -> (N, its ordinal's group oN), looked up rather than built from the name on every heading.
_HEADING_GROUPS = {f"h{level}": (level, f"o{level}") for level, _ in _HEADING_PATTERNS}
_MD_HEADING = regex.compile(r"^\s*(?P<hashes>#{1,6})[ \t]+")
_ORDINAL_DIGITS = regex.compile(r"[一二三四五六七八九十]+|\d+")
_SENTENCE_END = regex.compile(r"[。！？!?；;]+[”’」』）)]*")


@dataclass
class Span:
    start: int
    end: int


@dataclass
class HeaderField:
    name: str  # canonical name (发布机构 for 发文机关 …)
    label: str  # the label as written
    value: str
    value_start: int
    value_end: int
    label_start: int

    @property
    def date(self) -> date | None:
        match = _DATE.search(self.value)
        if not match:
            return None
        try:
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return None


@dataclass
class Heading:
    level: int
    ordinal: int | None  # 一 -> 1, (3) -> 3; None for Markdown headings
    marker: str  # the numbering as written: "一、", "(一)", "1.", "（1）" or "##"
    text: str  # heading text without its marker
    start: int  # start of the marker
    end: int  # end of the heading text
    text_start: int
    section_end: int = 0  # end of everything under this heading
    parent: Heading | None = field(default=None, repr=False)
    children: list[Heading] = field(default_factory=list, repr=False)

    @property
    def style(self) -> str:
        """The numbering style with the ordinal removed, e.g. "一、" -> "N、", "(一)" -> "(N)"."""
        return _style(self.marker)


@functools.lru_cache(maxsize=512)
def _style(marker: str) -> str:
    # Memoised: a report numbers dozens of headings with a handful of distinct markers.
    return _ORDINAL_DIGITS.sub("N", marker)


class Report:
    """A parsed report. Offsets index ``text``; ``position()`` turns one into 1-based line and column."""

    def __init__(self, source: Source, front_only: bool = False) -> None:
        """``front_only``: parse the front matter (header, title, issuer, year) and not the body's
        headings and paragraphs, which stay empty (what pairing reads of every file of a run)."""
        self.source = source
        self.path = source.path
        self.text = source.text
        # Each line starts one past the end of the previous one (lengths summed in C, not a regex loop).
        # The split lines are kept for the parse, which would otherwise split the text a second time.
        raw_lines = self.text.split("\n")
        self.line_starts = list(itertools.accumulate((len(line) + 1 for line in raw_lines[:-1]), initial=0))
        self.header: dict[str, HeaderField] = {}
        self.header_spans: list[Span] = []
        self.chrome: list[Span] = []
        self.title: Span | None = None
        self.title_text = ""
        self.issuer = ""
        self.year: int | None = None
        self.year_span: Span | None = None
        self.body = Span(0, len(self.text))
        self.headings: list[Heading] = []
        self.paragraphs: list[Span] = []
        # Sentences are split on first use (only figure checks ask, and only where a topic occurs):
        # the body lines they come from, then their start and end offsets as plain ints.
        self._body_lines: list[tuple[int, int]] = []
        self._body_starts: list[int] = []
        self._sentence_starts: list[int] | None = None
        self._sentence_ends: list[int] = []
        # Body line index -> the sentence breaks inside that line, split when a sentence there is asked for.
        self._line_breaks: dict[int, list[int]] = {}
        # Memo for checks that derive something per report (e.g. area -> headings).
        self.cache: dict[str, Any] = {}
        _parse(self, raw_lines, front_only)
        # Header fields a reader took from markup (an HTML metadata table) count where the text lacks
        # them; they have no place in the text, so they point at its start.
        for name, value in (source.header or {}).items():
            self.header.setdefault(name, HeaderField(name, name, value, 0, 0, 0))

    # ---- positions -------------------------------------------------------------------------
    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset; columns count Unicode code points."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def span_position(self, start: int, end: int) -> tuple[int, int, int, int]:
        """``(*position(start), *position(end))`` with one bisection when both are on one line."""
        # Called once per finding (a findings-heavy report has hundreds): the clamps are comparisons
        # rather than min/max calls, and the next line's start is read once.
        starts, size = self.line_starts, len(self.text)
        if start < 0:
            start = 0
        elif start > size:
            start = size
        if end < 0:
            end = 0
        elif end > size:
            end = size
        index = bisect.bisect_right(starts, start) - 1
        first = starts[index]
        if start <= end and (index + 1 == len(starts) or end < starts[index + 1]):
            return index + 1, start - first + 1, index + 1, end - first + 1
        last = bisect.bisect_right(starts, end) - 1
        return index + 1, start - first + 1, last + 1, end - starts[last] + 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return self.text[start:end]

    @property
    def sentences(self) -> list[Span]:
        """Every body sentence, in order (a heading is one; the rest splits at 。！？；)."""
        starts = self._split_sentences()
        return [Span(start, end) for start, end in zip(starts, self._sentence_ends, strict=True)]

    def sentence_at(self, offset: int) -> Span:
        """The body sentence holding ``offset`` (an empty span at it when no body line does).

        Only the offset's line is split, once: a line's sentences cover it without gaps, and no
        sentence crosses a line, so this is the sentence ``sentences`` has there. Figure checks ask
        about the few lines naming their topics; splitting the whole body cost more than they did."""
        index = bisect.bisect_right(self._body_starts, offset) - 1
        if index < 0:
            return Span(offset, offset)
        start, end = self._body_lines[index]
        if offset >= end:
            return Span(offset, offset)
        breaks = self._line_breaks.get(index)
        if breaks is None:
            breaks = [match.end() for match in _SENTENCE_END.finditer(self.text, start, end)]
            if breaks and breaks[-1] == end:
                # The line ends with its last sentence: the line's end is no break inside it.
                breaks.pop()
            self._line_breaks[index] = breaks
        if breaks:
            after = bisect.bisect_right(breaks, offset)
            if after:
                start = breaks[after - 1]
            if after < len(breaks):
                end = breaks[after]
        return Span(start, end)

    def _split_sentences(self) -> list[int]:
        """Sentence starts (ends in ``_sentence_ends``), computed once: one scan of the body for
        sentence-ending punctuation, then each body line takes the marks inside it. No mark crosses
        a line (the punctuation class has no space or newline), so this equals splitting each line."""
        if self._sentence_starts is not None:
            return self._sentence_starts
        marks = [match.end() for match in _SENTENCE_END.finditer(self.text, self.body.start, self.body.end)]
        starts: list[int] = []
        ends: list[int] = []
        for s, e in self._body_lines:
            inside = marks[bisect.bisect_right(marks, s) : bisect.bisect_right(marks, e)]
            starts.append(s)
            starts += inside
            ends += inside
            ends.append(e)
            if inside and inside[-1] == e:
                # The line ends with its last sentence: no trailing fragment.
                starts.pop()
                ends.pop()
        self._sentence_starts, self._sentence_ends = starts, ends
        return starts

    def wrapped_title(self) -> tuple[str, list[Span]] | None:
        """The document's name when it wraps over two or three lines at the top ("关于印发某县2020年度
        法治政府建设" / "工作安排的通知"), skipping a 发文字号 line and the issuer's name: the joined
        text and its lines. None when the name fits on one line or there is no such name."""
        if "wrapped_title" not in self.cache:
            self.cache["wrapped_title"] = _wrapped_title(self)
        found: tuple[str, list[Span]] | None = self.cache["wrapped_title"]
        return found

    def masked_titles(self) -> str:
        """The text with the contents of every 《…》 blanked (same length, offsets unchanged): what a
        topic search reads when a cited law's name ("《行政诉讼法》") must not count as the topic."""
        if "masked_titles" not in self.cache:
            self.cache["masked_titles"] = blank_titles(self.text)
        masked: str = self.cache["masked_titles"]
        return masked

    def in_chrome(self, offset: int) -> bool:
        return _covered(self.chrome, offset, self.cache, "_chrome_index")

    def chrome_test(self) -> Callable[[int], bool] | None:
        """``in_chrome`` for many offsets (a findings-heavy report's findings), with the index looked
        up once; None when the report has no chrome. Valid until more chrome is added."""
        if not self.chrome:
            return None
        _covered(self.chrome, 0, self.cache, "_chrome_index")
        _, starts, reach = self.cache["_chrome_index"]
        bisect_right = bisect.bisect_right

        def test(offset: int) -> bool:
            index = bisect_right(starts, offset) - 1
            return index >= 0 and reach[index] > offset

        return test

    def in_header(self, offset: int) -> bool:
        return _covered(self.header_spans, offset, self.cache, "_header_index")

    @property
    def has_header(self) -> bool:
        """Whether the text carries a portal metadata header (at least three of its fields)."""
        return sum(1 for name in self.header if name in HEADER_FIELDS) >= 3

    def field_date(self, name: str) -> date | None:
        found = self.header.get(name)
        return found.date if found else None


def blank_titles(text: str) -> str:
    """``text`` with the contents of each 《…》 on one line replaced by full-width spaces."""
    return _CITED.sub(lambda m: "《" + "　" * (len(m.group(0)) - 2) + "》", text)


def _wrapped_title(report: Report) -> tuple[str, list[Span]] | None:
    text = report.text
    parts: list[Span] = []
    seen = 0
    starts = report.line_starts
    # Only the first lines matter: walk the line starts already known, never split the whole text.
    for index, line_start in enumerate(starts):
        line_end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
        start, end = _strip(text, line_start, line_end)
        if end <= start or report.in_chrome(start) or report.in_header(start):
            continue
        seen += 1
        if seen > 8:
            break
        line = text[start:end]
        if not parts and (_DOC_NUMBER_LINE.match(line) or _ISSUER_LINE.match(line)):
            continue
        if not _RUNNING_TITLE.match(line) or (parts and _HEADING_ANY.match(line)):
            break
        if parts and _GENRE_END.search(text[parts[0].start : parts[-1].end]) and not line.startswith("的"):
            break
        parts.append(Span(start, end))
        if len(parts) == 3:
            break
    # Only a name that ends in its genre word, and that a line break actually cut, is a wrapped title.
    while parts and not _GENRE_END.search(text[parts[-1].start : parts[-1].end]):
        parts.pop()
    if len(parts) < 2:
        return None
    return "".join(text[span.start : span.end] for span in parts), parts


def _covered(spans: list[Span], offset: int, memo: dict[str, Any], key: str) -> bool:
    """Whether ``offset`` lies in one of ``spans``, by bisection: a page of thousands of chrome lines
    must not make every line and finding scan them all. The index is rebuilt if the list grew
    (spans are only ever appended) or was replaced."""
    if not spans:
        return False
    index = memo.get(key)
    if index is None or index[0] != (id(spans), len(spans)):
        ordered = sorted(spans, key=lambda span: span.start)
        # reach[i]: the furthest end among the first i + 1 spans, so overlapping spans are handled.
        reach, furthest = [], -1
        for span in ordered:
            furthest = max(furthest, span.end)
            reach.append(furthest)
        index = ((id(spans), len(spans)), [span.start for span in ordered], reach)
        memo[key] = index
    position = bisect.bisect_right(index[1], offset) - 1
    return position >= 0 and index[2][position] > offset


# ---- parsing ---------------------------------------------------------------------------------


_LEAD_SPACE = " \t\u3000\ufeff\xa0"
_TRAIL_SPACE = " \t\u3000\xa0"
# First characters of _FOOTER's and _CHROME_LINE's alternatives: a line starting otherwise (nearly
# every line) cannot match, and the test is a fraction of slicing the line and calling the regex.
_FOOTER_FIRST = "扫【打关相["
_CHROME_FIRST = "无简繁微网联返打关收分字大中小"


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _LEAD_SPACE:
        start += 1
    while end > start and text[end - 1] in _TRAIL_SPACE:
        end -= 1
    return start, end


def _stripped_lines(raw_lines: list[str], starts: list[int]) -> list[tuple[int, int]]:
    """Each line's (start, end) without its leading and trailing blanks: what ``_strip`` gives for
    each line, computed from the split lines by C-level strips (the same object back when there is
    nothing to strip, as on most lines) instead of a character loop per line."""
    spans = []
    for start, line in zip(starts, raw_lines, strict=True):
        first = start + len(line) - len(line.lstrip(_LEAD_SPACE))
        end = start + len(line.rstrip(_TRAIL_SPACE))
        # A line of blanks only: _strip stops its end at its start.
        spans.append((first, end if end > first else first))
    return spans


def _parse(report: Report, raw_lines: list[str], front_only: bool = False) -> None:
    text = report.text
    lines = _stripped_lines(raw_lines, report.line_starts)
    content = [(i, s, e) for i, (s, e) in enumerate(lines) if e > s]
    if not content:
        report.body = Span(0, 0)
        return

    # Footer: from the first footer marker (outside the first lines) to the end is site chrome.
    body_end_line = len(lines)
    for i, s, e in content:
        if text[s] in _FOOTER_FIRST and _FOOTER.match(text[s:e]):
            body_end_line = i
            report.chrome.append(Span(s, len(text)))
            break

    # Front matter: breadcrumb, header fields, title, issuer, site chrome; the body starts at the
    # first line that is none of these (a heading, a paragraph, or any other text).
    body_start_line = None
    for i, s, e in content:
        if i >= body_end_line:
            break
        line = text[s:e]
        if _is_heading_line(line, i, report.source) or not _front_line(report, line, s, e):
            body_start_line = i
            break
    if body_start_line is None:
        body_start_line = body_end_line
    start = lines[body_start_line][0] if body_start_line < len(lines) else len(text)
    end = lines[body_end_line - 1][1] if body_end_line > 0 else 0
    report.body = Span(start, max(start, end))

    # Chrome inside the page body's tail: link lists after the last paragraph.
    for i, s, e in content:
        if (
            body_start_line <= i < body_end_line
            and (e - s) <= 20
            and text[s] in _CHROME_FIRST
            and _CHROME_LINE.match(text[s:e])
        ):
            report.chrome.append(Span(s, e))

    _parse_year(report)
    if front_only:
        _issuer_from_header(report)
        return
    _parse_body(report, lines, body_start_line, body_end_line)


def _issuer_from_header(report: Report) -> None:
    if not report.issuer and "发布机构" in report.header:
        report.issuer = report.header["发布机构"].value


def _is_title_line(line: str) -> bool:
    # A sentence mark, or a line opening with 《: running text or a citation, not the report's title.
    # String tests, where regex.search(r"[。；]|^《", line) looked the pattern up in the regex cache
    # on every call (more than the match itself cost).
    return (
        len(line) <= 80
        and bool(_TITLE_HINT.search(line))
        and not ("。" in line or "；" in line or line.startswith("《"))
    )


def _front_line(report: Report, line: str, start: int, end: int) -> bool:
    """Record a front-matter line (chrome, header, title, issuer); False if the line is report body."""
    bullet = _BULLET.match(line)
    skip = bullet.end() if bullet else 0
    # A banner date ("某区人民政府 2019年12月3日星期二") is chrome; a header field's date with its
    # weekday ("发布日期：2023年05月16日 星期二") is not.
    # Each pattern is tried only on a line holding the characters it cannot match without (星期, a
    # bracket, a colon, a cell separator): most front lines are titles and names with none of them.
    banner = "星期" in line and _SITE_DATE.search(line) and not _colon_field().match(line, skip)
    if _BREADCRUMB.match(line) or _CHROME_LINE.match(line) or banner:
        report.chrome.append(Span(start, end))
        return True
    fields = (
        ("[" in line and list(_BRACKET_FIELD.finditer(line, skip)))
        or (("：" in line or ":" in line) and list(_colon_field().finditer(line, skip)))
        or (("|" in line or "｜" in line) and list(_cell_field().finditer(line, skip)))
    )
    if fields and fields[0].start() == skip:
        report.header_spans.append(Span(start, end))
        for match in fields:
            # Without its spacing ("索 引 号"): the label's only blanks are what \s matched between
            # its letters, all of them str.isspace(), so split() removes exactly those.
            label = "".join(match["label"].split())
            name = FIELD_ALIASES.get(label, label)
            if label == "时间" and "发布日期" not in report.header:
                name = "发布日期"
            raw = match["value"]
            value = raw.strip(_CELL_EDGE)
            v_start = start + match.start("value") + len(raw) - len(raw.lstrip(_CELL_EDGE))
            report.header.setdefault(
                name, HeaderField(name, label, value, v_start, v_start + len(value), start + match.start("label"))
            )
        return True
    if _is_title_line(line):
        if report.title is None:
            report.title = Span(start, end)
            report.title_text = _MARKDOWN_MARK.sub("", line)  # "# 某镇…报告" in Markdown: the title is the rest
        elif not report.title_text.endswith(line):
            # A title broken over lines around the issuer's name ("X镇关于…" / issuer / "关于…的报告").
            report.cache.setdefault("title_lines", []).append(Span(start, end))
        return True
    if _ISSUER_LINE.match(line):
        report.issuer = report.issuer or line
        return True
    return False


def _parse_year(report: Report) -> None:
    candidates: list[tuple[regex.Pattern[str], int, int]] = []
    if report.title:
        candidates.append((_YEAR_IN_TITLE, report.title.start, report.title.end))
    candidates.append((_YEAR_IN_INTRO, report.body.start, min(report.body.end, report.body.start + 1500)))
    for pattern, start, end in candidates:
        match = pattern.search(report.text, start, end)
        if match:
            year = parse_year(match["year"])
            if year:
                report.year = year
                report.year_span = Span(match.start("year"), match.end("year"))
                return
    if not report.issuer:
        published = report.header.get("发布机构")
        report.issuer = published.value if published else ""


def _is_heading_line(line: str, index: int, source: Source) -> bool:
    if index in source.heading_lines:
        return True
    return _may_be_heading(line) and _HEADING_ANY.match(line) is not None


def _may_be_heading(line: str) -> bool:
    """Every numbered-heading pattern starts with a Chinese numeral, a parenthesis or a digit:
    checking the first character first spares four regex matches on most lines."""
    return bool(line) and (line[0] in "一二三四五六七八九十（(第" or line[0].isdecimal())


def _parse_body(report: Report, lines: list[tuple[int, int]], first: int, last: int) -> None:
    text = report.text
    stack: list[Heading] = []
    _issuer_from_header(report)
    # All chrome is known by now: the bisection index is looked up once, not once a line.
    in_chrome = report.chrome_test()
    for i in range(first, last):
        s, e = lines[i]
        if e <= s or (in_chrome is not None and in_chrome(s)):
            continue
        line = text[s:e]
        heading = _heading(report, line, i, s, e)
        para_start = s
        if heading:
            while stack and stack[-1].level >= heading.level:
                stack.pop()
            if stack:
                heading.parent = stack[-1]
                stack[-1].children.append(heading)
            stack.append(heading)
            report.headings.append(heading)
            para_start = heading.end
            while para_start < e and text[para_start] in "。.：: \u3000":
                para_start += 1
        if para_start < e:
            report.paragraphs.append(Span(para_start, e))
        # Sentences: the heading is one; the rest splits at sentence-ending punctuation (on first use).
        report._body_lines.append((s, e))
        report._body_starts.append(s)
    # Each heading's section runs to the next heading at its level or above. One pass with a stack
    # of open sections (levels increasing upwards): linear, where a scan per heading was quadratic.
    open_sections: list[Heading] = []
    for heading in report.headings:
        while open_sections and open_sections[-1].level >= heading.level:
            open_sections.pop().section_end = heading.start
        open_sections.append(heading)
    for heading in open_sections:
        heading.section_end = report.body.end


def _heading(report: Report, line: str, index: int, start: int, end: int) -> Heading | None:
    text = report.text
    md_level = report.source.heading_lines.get(index)
    if md_level:
        match = _MD_HEADING.match(line)
        marker_end = match.end() if match else 0
        body = line[marker_end:]
        return Heading(md_level, None, line[:marker_end].strip(), body.strip(), start, end, start + marker_end)
    if not _may_be_heading(line):
        return None
    match = _HEADING_ANY.match(line)
    if not match:
        return None
    name = match.lastgroup  # the outer group hN closes last, so it names the level
    assert name is not None
    level, ordinal_group = _HEADING_GROUPS[name]
    marker = match.group(0)
    rest_start = start + match.end()
    while rest_start < end and text[rest_start] in " \u3000":
        rest_start += 1
    # A heading that shares its line with its paragraph ends at the first 。 (as on many portals).
    stop = text.find("。", rest_start, end)
    heading_end = stop if stop != -1 else end
    ordinal_text = match[ordinal_group]
    ordinal = int(ordinal_text) if ordinal_text.isdigit() else _chinese_ordinal(ordinal_text)
    return Heading(level, ordinal, marker.strip(), text[rest_start:heading_end], start, heading_end, rest_start)


@functools.lru_cache(maxsize=256)
def _chinese_ordinal(value: str) -> int | None:
    """一 -> 1, 十二 -> 12; memoised: a report has dozens of headings and only a few distinct ordinals."""
    return chinese_to_int(value)


def parse(source: Source) -> Report:
    """Parse a loaded source into a Report."""
    return Report(source)
