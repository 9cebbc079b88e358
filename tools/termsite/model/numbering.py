"""Numbers derived from position, and the labels readers see (第N条 / Article N, 1., (1)).

Articles count through the whole document; chapters do not restart them. An article whose
``number`` overrides the position keeps that number. A branch article does not take a position, so
the articles after it keep their numbers: one marked ``branch: true`` is derived from the article
before it (after 第3条 come 第3条の2, 第3条の3), one whose override is ``"5-2"`` keeps that number (warned,
as an override). Items branch likewise: (1), (1-2), (2).

How the Japanese labels print a number is the document's :class:`~termsite.model.terms.Numerals`
(第1条, 第１条 or 第一条; 「第1章　総則」; 「1.」 or 「1．」): every label of every page, comparison, feed,
notice, export and PDF is made here, so that setting applies everywhere at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from termsite.model.terms import Article, Document, Item, ItemsStyle, Lang, Numbering, NumeralDigits, Numerals, Version

HALF_WIDTH = Numerals()
"""The default style: 第1条, 「第1章　総則」, 「1.」."""
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_KANJI = "〇一二三四五六七八九"


def kanji_number(n: int) -> str:
    """``n`` in kanji as e-Gov prints article numbers: 10 十, 12 十二, 20 二十, 105 百五, 1234 千二百三十四."""
    if n == 0:
        return "〇"
    if n >= 10000:
        return str(n).translate(str.maketrans("0123456789", _KANJI))
    out = []
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        k, n = divmod(n, value)
        if k:
            out.append(("" if k == 1 else _KANJI[k]) + unit)
    if n:
        out.append(_KANJI[n])
    return "".join(out)


def numeral(n: int, digits: NumeralDigits) -> str:
    """``n`` as a Japanese label prints it: ``12``, ``１２`` or ``十二``."""
    if digits == "full":
        return str(n).translate(_FULLWIDTH)
    if digits == "kanji":
        return kanji_number(n)
    return str(n)


@dataclass(frozen=True)
class ArticleNumber:
    """The number an article shows: ``main`` and, for a branch article, ``branch`` (第5条の2)."""

    main: int
    branch: int | None = None
    overridden: bool = False

    def label(self, numbering: Numbering, lang: Lang, numerals: Numerals = HALF_WIDTH) -> str:
        """第5条の2 / Article 5-2 (statute; 第５条の２, 第五条の二 with other ``numerals``), ``5.``
        (decimal), empty for ``none``."""
        if numbering == "none":
            return ""
        if numbering == "decimal":
            return f"{self.main}."
        if lang == "ja":
            d = numerals.digits
            return f"第{numeral(self.main, d)}条" + (f"の{numeral(self.branch, d)}" if self.branch else "")
        return f"Article {self.main}" + (f"-{self.branch}" if self.branch else "")

    @property
    def key(self) -> str:
        """``5`` or ``5-2``: how a reference names this article."""
        return f"{self.main}-{self.branch}" if self.branch else str(self.main)


def parse_override(value: int | str | None) -> tuple[int, int | None] | None:
    """The (main, branch) of a ``number`` override, or None."""
    if value is None:
        return None
    if isinstance(value, int):
        return (value, None)
    main, _, branch = value.partition("-")
    return (int(main), int(branch) if branch else None)


def article_numbers(version: Version) -> dict[str, ArticleNumber]:
    """The number of every article of ``version``, keyed by article id, in order.

    A ``branch`` article with no article before it (an error of ``terms check``) is numbered as a
    plain article, so that everything after it keeps a sensible number."""
    out: dict[str, ArticleNumber] = {}
    position = 0
    last: ArticleNumber | None = None
    for art in version.articles:
        override = parse_override(art.number)
        if art.branch and last is not None and override is None:
            last = out[art.id] = ArticleNumber(last.main, (last.branch or 1) + 1)
            continue
        if override and override[1] is not None:
            last = out[art.id] = ArticleNumber(override[0], override[1], True)
            continue
        position += 1
        if override:
            last = out[art.id] = ArticleNumber(override[0], None, True)
        else:
            last = out[art.id] = ArticleNumber(position)
    return out


def item_numbers(items: tuple[Item, ...]) -> tuple[tuple[int, int | None], ...]:
    """The (number, branch) of every item of one list: (1, None), (1, 2) for a branch, (2, None).

    A ``branch`` first item (an error of ``terms check``) is numbered as a plain item."""
    out: list[tuple[int, int | None]] = []
    position = 0
    for it in items:
        if it.branch and out:
            main, branch = out[-1]
            out.append((main, (branch or 1) + 1))
        else:
            position += 1
            out.append((position, None))
    return tuple(out)


def chapter_numbers(version: Version) -> dict[str, int]:
    """The number of every chapter, keyed by chapter id."""
    return {c.id: (c.number or i) for i, c in enumerate(version.chapters, 1)}


def chapter_label(n: int, numbering: Numbering, lang: Lang, numerals: Numerals = HALF_WIDTH) -> str:
    """第1章 (第１章, 第一章) / Chapter 1."""
    if numbering == "none":
        return ""
    return f"第{numeral(n, numerals.digits)}章" if lang == "ja" else f"Chapter {n}"


def chapter_separator(lang: Lang, numerals: Numerals = HALF_WIDTH) -> str:
    """What stands between a chapter's label and its title on a page: 「第1章　総則」, "Chapter 1 General"."""
    return numerals.chapter_separator if lang == "ja" else " "


def paragraph_label(article: Article | None, index: int, numbering: Numbering, count: int,
                    lang: Lang = "en", numerals: Numerals = HALF_WIDTH) -> str:
    """The label of the ``index``-th (1-based) of ``count`` paragraphs: ``1.`` (in Japanese with the
    document's separator, ``1．``) or nothing."""
    if numbering != "statute" or count < 2:
        return ""
    return f"{index}{numerals.paragraph_separator if lang == 'ja' else '.'}"


def item_label(style: ItemsStyle, index: int, branch: int | None = None, lang: Lang = "en") -> str:
    """``(1)``, ``1.`` or a bullet; a branch item ``(1の2)`` in Japanese, ``(1-2)`` in English."""
    if style == "bullet":
        return "•"
    n = str(index) + ((f"の{branch}" if lang == "ja" else f"-{branch}") if branch else "")
    if style == "dot":
        return f"{n}."
    return f"({n})"


def item_labels(items: tuple[Item, ...], style: ItemsStyle, lang: Lang = "en") -> tuple[str, ...]:
    """The label of every item of one list, in order (branches numbered from the item before)."""
    if not any(it.branch for it in items):
        return tuple(item_label(style, k) for k in range(1, len(items) + 1))
    return tuple(item_label(style, k, b, lang) for k, b in item_numbers(items))


def section_label(article_number: ArticleNumber, index: int, numbering: Numbering) -> str:
    """``4.1.`` for the first subsection of section 4 (decimal style)."""
    if numbering != "decimal":
        return ""
    return f"{article_number.main}.{index}."


def heading(document: Document, number: ArticleNumber, title: str | None, lang: Lang) -> str:
    """The heading of an article as published: 第1条（約款の適用） / Article 1 (Application …)."""
    label = number.label(document.numbering, lang, document.numerals)
    if document.numbering == "statute":
        if title:
            return f"{label}（{title}）" if lang == "ja" else f"{label} ({title})"
        return label
    return " ".join(x for x in (label, title or "") if x)


_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_HALFWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def japanese_number(text: str) -> int | None:
    """``12``, ``１２``, ``十二``, ``千二百`` or ``二〇`` as a number; ``None`` if it is none of these."""
    t = text.translate(_HALFWIDTH).strip()
    if t.isdigit():
        return int(t)
    if not t or any(c not in _KANJI_DIGITS and c not in "十百千" for c in t):
        return None
    total, current = 0, 0
    for c in t:
        if c == "千":
            total += (current or 1) * 1000
            current = 0
        elif c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + _KANJI_DIGITS[c]
    return total + current

