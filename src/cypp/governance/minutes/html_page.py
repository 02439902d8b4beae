"""An agenda item's web page as lines of text: the site's chrome dropped, blocks as lines.

Blocks (paragraphs, headings, list items, table rows) are separated by a blank line and
`<br>` ends a line, so the result reads like the page saved as text. Bullets of `<ul>`
become "•" lines and items of `<ol>` get their label, e.g. "(a)", so the text rules apply.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIPPED = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "nav",
        "aside",
        "select",
        "button",
        "svg",
        "iframe",
        "object",
        "canvas",
        "dialog",
    }
)
# Page banners and footers, unless they belong to the content (inside <main> or <article>).
_CHROME_OUTSIDE_CONTENT = frozenset({"header", "footer"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "complementary"})
_CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(?:breadcrumbs?|skip-?link|skip-?to-?content|cookie\w*|site-?header|"
    r"site-?footer|global-?nav\w*|navbar|menu)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Whole class or id names of a website's own banner and footer (outside <main>/<article>).
_SITE_PARTS = frozenset(
    {
        "header",
        "footer",
        "masthead",
        "banner",
        "site-banner",
        "page-header",
        "page-footer",
        "topbar",
    }
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_BLOCK = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "caption",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    }
)
_CELL = frozenset({"td", "th"})
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def looks_like_html(text: str) -> bool:
    """True for a saved web page or an HTML fragment, False for plain text."""
    head = text[:8192]
    if re.search(r"<(?:!doctype\s+html|html|head|body)\b", head, re.IGNORECASE):
        return True
    return text.lstrip().startswith("<") and bool(
        re.search(r"</(?:p|div|h[1-6]|li|ul|ol|span|table|td|section|main)\s*>", text, re.I)
    )


def html_to_text(html: str) -> str:
    """The readable text of an HTML page, one block a paragraph (see module docstring)."""
    parser = _PageText()
    parser.feed(html)
    parser.close()
    return parser.text()


class _List:
    __slots__ = ("count", "ordered", "style")

    def __init__(self, *, ordered: bool, style: str, start: int) -> None:
        self.ordered = ordered
        self.style = style
        self.count = start - 1


class _PageText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._skip: list[str] = []  # the open elements being skipped, outermost first
        self._content_depth = 0  # open <main>/<article> elements
        self._lists: list[_List] = []
        self._pre = 0

    def text(self) -> str:
        return "".join(self._parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip:
            if tag == self._skip[0] and tag not in _VOID:
                self._skip.append(tag)
            return
        attributes = {key: value or "" for key, value in attrs}
        if self._is_chrome(tag, attributes):
            if tag not in _VOID:
                self._skip.append(tag)
            return
        if tag in {"main", "article"} or attributes.get("role") == "main":
            self._content_depth += 1
        if tag == "br":
            self._parts.append("\n")
        elif tag == "pre":
            self._pre += 1
            self._block()
        elif tag in {"ul", "ol"}:
            self._lists.append(_list(tag, attributes))
            self._block()
        elif tag == "li":
            self._block()
            self._parts.append(self._bullet())
        elif tag in _CELL:
            self._parts.append("\t")
        elif tag in _BLOCK:
            self._block()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag == self._skip[0]:
                self._skip.pop()
            return
        if tag in {"main", "article"} and self._content_depth:
            self._content_depth -= 1
        if tag == "pre" and self._pre:
            self._pre -= 1
        if tag in {"ul", "ol"} and self._lists:
            self._lists.pop()
        if tag in _BLOCK:
            self._block()
        elif tag in _CELL:
            self._parts.append("\t")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self._parts.append(data if self._pre else re.sub(r"[ \t\r\n\f]+", " ", data))

    def _is_chrome(self, tag: str, attributes: dict[str, str]) -> bool:
        if tag in _SKIPPED:
            return True
        if tag in _CHROME_OUTSIDE_CONTENT and not self._content_depth:
            return True
        if attributes.get("role", "").lower() in _CHROME_ROLES:
            return True
        if "hidden" in attributes or attributes.get("aria-hidden", "").lower() == "true":
            return True
        names = f"{attributes.get('class', '')} {attributes.get('id', '')}"
        if tag != "body" and not self._content_depth and _SITE_PARTS & set(names.lower().split()):
            return True  # a council website's banner and footer, written as <div id="header">
        return tag != "body" and bool(_CHROME_CLASS.search(names))

    def _block(self) -> None:
        self._parts.append("\n\n")

    def _bullet(self) -> str:
        if not self._lists or not self._lists[-1].ordered:
            return "• "
        current = self._lists[-1]
        current.count += 1
        return f"({_list_label(current.count, current.style)}) "


def _list(tag: str, attributes: dict[str, str]) -> _List:
    style = attributes.get("type", "1")
    css = attributes.get("style", "").lower()
    for name, kind in (("lower-alpha", "a"), ("upper-alpha", "A"), ("lower-roman", "i")):
        if name in css:
            style = kind
    try:
        start = int(attributes.get("start", "1"))
    except ValueError:
        start = 1
    return _List(ordered=tag == "ol", style=style, start=start)


def _list_label(number: int, style: str) -> str:
    if style in {"a", "A"} and 1 <= number <= 26:
        letter = "abcdefghijklmnopqrstuvwxyz"[number - 1]
        return letter.upper() if style == "A" else letter
    if style in {"i", "I"} and number >= 1:
        roman = ""
        for value, numeral in _ROMAN:
            while number >= value:
                roman += numeral
                number -= value
        return roman.upper() if style == "I" else roman
    return str(number)
