"""A tiny document model rendered to both Markdown and HTML, so the two outputs never disagree.

A report is a list of blocks (headings, paragraphs, bullet lists, tables, images); inline text is a
sequence of plain strings, links and emphasised runs. No Markdown library is needed and the HTML is one
self-contained file (figures are referenced by relative path).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class Strong:
    text: str


@dataclass(frozen=True)
class Quote:
    """A verbatim quotation from a source document (rendered in 「」-style quotes, newlines removed)."""

    text: str


Inline = str | Link | Strong | Quote


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    parts: tuple[Inline, ...]


@dataclass
class Item:
    parts: tuple[Inline, ...]
    children: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class Bullets:
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Image:
    src: str
    alt: str


Block = Heading | Para | Bullets | Table | Image


def para(*parts: Inline) -> Para:
    return Para(tuple(parts))


def item(*parts: Inline, children: list[Item] | None = None) -> Item:
    return Item(tuple(parts), children or [])


def clean(text: str) -> str:
    """One line: line breaks and runs of spaces inside a quoted sentence removed."""
    return " ".join(text.replace("\r", "").replace("\n", "").split())


# ---------------------------------------------------------------- Markdown


def _md_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("[", "\\[").replace("]", "\\]")


def _md_inline(parts: tuple[Inline, ...]) -> str:
    out = []
    for p in parts:
        if isinstance(p, Link):
            out.append(f"[{_md_escape(p.text)}]({p.href})")
        elif isinstance(p, Strong):
            out.append(f"**{_md_escape(p.text)}**")
        elif isinstance(p, Quote):
            out.append(f"“{_md_escape(clean(p.text))}”")
        else:
            out.append(_md_escape(p))
    return "".join(out)


def _md_cell(s: str) -> str:
    return clean(s).replace("|", "\\|")


def _md_items(items, depth: int) -> list[str]:
    lines = []
    for it in items:
        lines.append("  " * depth + "- " + _md_inline(it.parts))
        lines.extend(_md_items(it.children, depth + 1))
    return lines


def to_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            out.append("#" * b.level + " " + b.text)
        elif isinstance(b, Para):
            out.append(_md_inline(b.parts))
        elif isinstance(b, Bullets):
            out.append("\n".join(_md_items(b.items, 0)))
        elif isinstance(b, Table):
            lines = [
                "| " + " | ".join(_md_cell(h) for h in b.headers) + " |",
                "|" + "|".join("---" for _ in b.headers) + "|",
            ]
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in b.rows]
            out.append("\n".join(lines))
        elif isinstance(b, Image):
            out.append(f"![{b.alt}]({b.src})")
    return "\n\n".join(out) + "\n"


# ---------------------------------------------------------------- HTML

_CSS = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.6;color:#222}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;
text-align:left;vertical-align:top}th{background:#f3f3f3}img{max-width:100%}q{quotes:"“" "”";color:#333}
q::before{content:open-quote}q::after{content:close-quote}li{margin:.2rem 0}h2{border-bottom:1px solid #ddd}
"""


def _html_inline(parts: tuple[Inline, ...]) -> str:
    out = []
    for p in parts:
        if isinstance(p, Link):
            out.append(f'<a href="{html.escape(p.href, quote=True)}">{html.escape(p.text)}</a>')
        elif isinstance(p, Strong):
            out.append(f"<strong>{html.escape(p.text)}</strong>")
        elif isinstance(p, Quote):
            out.append(f"<q>{html.escape(clean(p.text))}</q>")
        else:
            out.append(html.escape(p))
    return "".join(out)


def _html_items(items) -> str:
    lis = []
    for it in items:
        inner = _html_inline(it.parts)
        if it.children:
            inner += _html_items(it.children)
        lis.append(f"<li>{inner}</li>")
    return "<ul>" + "".join(lis) + "</ul>"


def to_html(blocks: list[Block], *, title: str) -> str:
    body: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            body.append(f"<h{b.level}>{html.escape(b.text)}</h{b.level}>")
        elif isinstance(b, Para):
            body.append(f"<p>{_html_inline(b.parts)}</p>")
        elif isinstance(b, Bullets):
            body.append(_html_items(b.items))
        elif isinstance(b, Table):
            head = "".join(f"<th>{html.escape(h)}</th>" for h in b.headers)
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(clean(c))}</td>" for c in r) + "</tr>" for r in b.rows)
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif isinstance(b, Image):
            body.append(f'<p><img src="{html.escape(b.src, quote=True)}" alt="{html.escape(b.alt, quote=True)}"></p>')
    head = (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
    )
    return head + "\n".join(body) + "\n</body>\n</html>\n"
