"""HTML to plain text: sanitise with nh3 (ammonia) first, then flatten with the stdlib parser.

Scripts, styles and comments are dropped by nh3 with their contents; block elements become
line breaks and table cells become tab-separated columns, so a table of cameras in an HTML
reply still reads as rows. Entities are decoded by the parser (HTML Living Standard §13.2.5).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "blockquote", "pre", "hr", "section", "article", "header", "footer", "dl", "dt", "dd",
    "address", "thead", "tbody", "tfoot", "caption",
}
_ALLOWED = _BLOCK | {"td", "th", "a", "span", "b", "i", "em", "strong", "u", "font", "small", "sub", "sup",
                     "code", "body", "html"}


class _Flattener(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._stack: list[list[list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._stack.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
            if self.out and not self.out[-1].endswith(("\n", "\t")) and self._row:
                self.out.append("\t")
        if tag in _BLOCK and not (tag == "tr" and self.out and self.out[-1] == "\n"):
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            if self._row is not None:
                self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._stack and any(self._row):
                self._stack[-1].append(self._row)
            self._row = None
        elif tag == "table" and self._stack:
            table = self._stack.pop()
            if table:
                self.tables.append(table)
        if tag in _BLOCK:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        self.out.append(data)
        if self._cell is not None:
            self._cell.append(data)


def html_to_text_and_tables(html: str) -> tuple[str, list[list[list[str]]]]:
    """Readable text and the tables (rows of cell strings) of an HTML document."""
    clean = nh3.clean(html, tags=_ALLOWED, attributes={}, strip_comments=True, link_rel=None)
    parser = _Flattener()
    parser.feed(clean)
    parser.close()
    text = "".join(parser.out).replace("\xa0", " ")
    lines = [re.sub(r"[ \f\v]+", " ", line).strip(" ") for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text, parser.tables


def html_to_text(html: str) -> str:
    """Readable text of an HTML document (see :func:`html_to_text_and_tables`)."""
    return html_to_text_and_tables(html)[0]
