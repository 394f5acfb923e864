"""Read a page the way a visitor does: visible text, tables, links, head tags, JSON-LD."""

import json
import re
from html.parser import HTMLParser


class _Page(HTMLParser):
    VOID = {"meta", "link", "br", "img", "input", "hr", "rect", "line", "polyline"}
    BLOCK = {
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "h1",
        "h2",
        "h3",
        "td",
        "th",
        "caption",
        "figcaption",
        "div",
        "section",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.cells: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.links: list[tuple[str, str]] = []
        self.meta: dict[str, str] = {}
        self.canonical = None
        self.title = ""
        self.json_ld: list[str] = []
        self._stack: list[str] = []
        self._cell: list[str] | None = None
        self._link: tuple[str, list[str]] | None = None
        self._script_type = None
        self._script: list[str] = []
        self.terms: list[tuple[str, str]] = []  # (dt or dd, text) in page order
        self._term: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in self.VOID:
            self._stack.append(tag)
        if tag in self.BLOCK:
            self.text.append("\n")
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("dt", "dd"):
            self._term = []
        elif tag == "a":
            self._link = (attrs.get("href", ""), [])
        elif tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content", "")
        elif tag == "meta" and "property" in attrs:
            self.meta[attrs["property"]] = attrs.get("content", "")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href")
        elif tag == "script":
            self._script_type, self._script = attrs.get("type"), []

    def handle_endtag(self, tag):
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()
        if tag in ("td", "th") and self._cell is not None:
            cell = " ".join("".join(self._cell).split())
            self.cells.append(cell)
            if self.tables and self.tables[-1]:
                self.tables[-1][-1].append(cell)
            self._cell = None
        elif tag in ("dt", "dd") and self._term is not None:
            self.terms.append((tag, " ".join("".join(self._term).split())))
            self._term = None
        elif tag == "a" and self._link:
            self.links.append((self._link[0], " ".join("".join(self._link[1]).split())))
            self._link = None
        elif tag == "script":
            if self._script_type == "application/ld+json":
                self.json_ld.append("".join(self._script))
            self._script_type = None

    def handle_data(self, data):
        if "script" in self._stack:
            self._script.append(data)
            return
        if "title" in self._stack and "head" in self._stack:
            self.title += data
            return
        if "style" in self._stack:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._link is not None:
            self._link[1].append(data)
        if self._term is not None:
            self._term.append(data)


def parse(html: str | bytes) -> _Page:
    page = _Page()
    page.feed(html.decode() if isinstance(html, bytes) else html)
    return page


def visible_text(html) -> str:
    """Text a visitor reads, whitespace collapsed within lines."""
    lines = "".join(parse(html).text).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def faq(html) -> list[tuple[str, str]]:
    """(question, answer) pairs of the page's definition list, in order."""
    terms = parse(html).terms
    return [
        (q, a) for (t1, q), (t2, a) in zip(terms[0::2], terms[1::2], strict=False) if (t1, t2) == ("dt", "dd")
    ]


def json_ld(html) -> list[dict]:
    return [json.loads(block) for block in parse(html).json_ld]


def row(html, label: str) -> list[str]:
    """The cells of the first table row whose header cell is `label`."""
    for table in parse(html).tables:
        for cells in table:
            if cells and cells[0] == label:
                return cells
    raise AssertionError(f"no table row labelled {label!r}")


_RANKED = re.compile(r"<tr><td>\d+</td><th scope=\"row\"><a [^>]+>([^<]+)</a>.*?<strong>([^<]+)</strong>")


def ranked(html: str) -> list[tuple[str, str]]:
    """(model, monthly cost) of each row of /best/'s ranking table, in order, as the page shows them; []
    when the page has no ranking."""
    if 'class="ranking-table"' not in html:
        return []
    table = html.split('class="ranking-table"', 1)[1].split("</table>", 1)[0]
    return _RANKED.findall(table)
