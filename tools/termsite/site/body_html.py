"""The body of a version as HTML: articles, paragraphs, items, tables, 附則 and 別紙.

Written by Python functions rather than Jinja macros: a body has thousands of texts, and the macro
calls were most of a version page's time. Every text is escaped exactly once (markupsafe's escape,
the same as the templates' autoescape), keeps its line breaks as ``<br>`` and its links as ``<a>``
(:mod:`.links`: where they lead is the body's :class:`~termsite.site.links.LinkTargets`). Labels (第1条, 1., (1))
are wrapped in ``.terms-num`` so that they never break across lines. No whitespace is added inside
inline content: in Japanese a stray space would show. A translator's note follows its text as an
``<aside class="terms-note">`` introduced by its label (〔訳注〕, [Translator's note]): outside the
heading and the paragraph, so that it is never read or copied as part of the terms. Templates insert
the result with ``render_body(body)``.
"""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import escape

from termsite.model.gaps import marked_html
from termsite.model.links import plain
from termsite.model.terms import Lang
from termsite.site import links as _links
from termsite.site.body import (
    ArticleView,
    BlockView,
    BodyView,
    ChapterView,
    Heading,
    ListView,
    NoteView,
    ParagraphView,
    TableView,
)
from termsite.site.links import LinkTargets
from termsite.site.messages import t

_History = Mapping[str, str] | None


def _e(value: str) -> str:
    return str(escape(value))


def text_html(value: str | None, links: LinkTargets | None = None) -> str:
    """A text escaped, its line breaks as ``<br>``, its links as ``<a>`` (the templates' ``text`` filter)."""
    if not value:
        return ""
    if "](" in value:
        return marked_html(_links.text_html(value, links))
    if "\n" not in value:
        return marked_html(_e(value))
    return marked_html("<br>\n".join(_e(line) for line in value.split("\n")))


def note_html(note: NoteView | None, links: LinkTargets | None = None) -> str:
    """A translator's note as an aside after its text, or nothing."""
    if note is None:
        return ""
    sep = "" if note.label.endswith("〕") else " "  # 〔訳注〕本文, [Translator's note] Text
    return (f'<aside class="terms-note" role="note"><span class="terms-note-label">{_e(note.label)}</span>{sep}'
            f"{text_html(note.text, links)}</aside>")


def _def(anchor: str | None) -> str:
    """The attributes of an element holding a definition: its id, and the mark the script looks for."""
    return f' id="{_e(anchor)}" data-terms-def' if anchor else ""


def _num(label: str) -> str:
    return f'<span class="terms-num">{_e(label)}</span>'


def heading_html(h: Heading, anchor: str, links: LinkTargets | None = None) -> str:
    """A heading with its anchor: the number label kept together, then the rest."""
    label = _num(h.label) if h.label else ""
    return (f'<h{h.level} id="{_e(anchor)}" class="terms-heading" data-terms-anchor>'
            f"{label}{text_html(h.rest, links) if '](' in h.rest else _e(h.rest)}</h{h.level}>")


def _items(lv: ListView, lk: LinkTargets | None) -> str:
    parts = []
    for it in lv.items:
        body = (text_html(it.text, lk) + note_html(it.note, lk)
                + "".join(f'<p class="terms-detail">{text_html(d, lk)}</p>' for d in it.detail)
                + (_items(it.items, lk) if it.items else ""))
        li = f"<li{_def(it.id)}>"
        parts.append(f"{li}{body}</li>" if lv.bullet else f"{li}{_num(it.label)}{body}</li>")
    if lv.bullet:
        return f'<ul class="terms-items terms-items--bullet">{"".join(parts)}</ul>'
    return f'<ol class="terms-items">{"".join(parts)}</ol>'


def _table(tv: TableView, lk: LinkTargets | None) -> str:
    head = ""
    if tv.header:
        head = ("<thead><tr>" + "".join(f'<th scope="col">{text_html(c, lk)}</th>' for c in tv.header)
                + "</tr></thead>")
    ids = tv.row_ids
    rows = "".join(f"<tr{_def(ids[k] if k < len(ids) else None)}>"
                   + "".join(f"<td>{text_html(c, lk)}</td>" for c in row)
                   + "</tr>" for k, row in enumerate(tv.rows))
    return f'<div class="terms-table"><table>{head}<tbody>{rows}</tbody>\n</table></div>'


def paragraph_html(p: ParagraphView, links: LinkTargets | None = None) -> str:
    """A paragraph: its label and text, its items, its table."""
    out = ['<div class="terms-para terms-para--numbered">' if p.label else '<div class="terms-para">']
    if p.text is not None or p.label:
        out.append(f"<p{_def(p.id)}>{_num(p.label) if p.label else ''}{text_html(p.text, links)}</p>")
    out.append(note_html(p.note, links))
    if p.items:
        out.append(_items(p.items, links))
    if p.table:
        out.append(_table(p.table, links))
    out.append("</div>")
    return "".join(out)


def _paragraphs(paragraphs: tuple[ParagraphView, ...], lk: LinkTargets | None) -> str:
    return "".join(paragraph_html(p, lk) + "\n" for p in paragraphs)


def history_link_html(href: str, name: str, lang: Lang) -> str:
    """The link from an article to its row of the history of each article (the script puts it next to
    the article's copy-link control): "改定履歴" / "History", named for the article."""
    label = t("article_history_of", lang, name=name)
    return (f'<p class="terms-article-tools"><a class="terms-history-link" href="{_e(href)}" '
            f'aria-label="{_e(label)}">{_e(t("article_history", lang))}</a></p>')


def article_html(a: ArticleView, links: LinkTargets | None = None, history: _History = None,
                 lang: Lang = "ja") -> str:
    """An article: its heading (or its anchor on the section when untitled), the link to its history
    (where ``history`` has one for its id), paragraphs, subsections."""
    out = ['<section class="terms-article">' if a.heading else
           f'<section class="terms-article" id="{_e(a.id)}" data-terms-anchor>']
    if a.heading:
        out.append(heading_html(a.heading, a.id, links))
        out.append(note_html(a.note, links))
    if history and a.id in history:
        out.append(history_link_html(history[a.id], plain(a.heading.text) if a.heading else a.id, lang))
    out.append(_paragraphs(a.paragraphs, links))
    for s in a.sections:
        out.append(f'<section class="terms-subsection">{heading_html(s.heading, s.id, links)}\n'
                   f"{_paragraphs(s.paragraphs, links)}</section>\n")
    out.append("</section>")
    return "".join(out)


def _chapter(ch: ChapterView, lk: LinkTargets | None, history: _History, lang: Lang) -> str:
    articles = "".join(article_html(a, lk, history, lang) + "\n" for a in ch.articles)
    return f'<section class="terms-chapter">{heading_html(ch.heading, ch.id, lk)}\n{articles}</section>\n'


def _block(bl: BlockView, lk: LinkTargets | None) -> str:
    return (f'<section class="terms-{_e(bl.kind)}">{heading_html(bl.heading, bl.id, lk)}\n'
            f"{_paragraphs(bl.paragraphs, lk)}</section>\n")


def body_html(b: BodyView) -> str:
    """The whole body of a version, its links leading where ``b.links`` says."""
    lk = b.links
    out = ['<div class="terms-body">\n']
    if b.preamble:
        notes, ids = b.preamble_notes, b.preamble_ids
        out.append('<div class="terms-preamble">'
                   + "".join(f"<p{_def(ids[i] if i < len(ids) else None)}>{text_html(p, lk)}</p>"
                             + note_html(notes[i] if i < len(notes) else None, lk)
                             for i, p in enumerate(b.preamble))
                   + "</div>\n")
    out += [_chapter(ch, lk, b.history, b.lang) for ch in b.chapters]
    out += [article_html(a, lk, b.history, b.lang) + "\n" for a in b.articles]
    out += [_block(bl, lk) for bl in b.blocks]
    out.append("</div>")
    return "".join(out)
