"""Typed findings of a comparison: each change, classified, able to print itself.

A finding is about one unit (an article, a chapter, the preamble, a supplementary provision, an
appendix) and is one of :class:`Added`, :class:`Deleted`, :class:`Modified`, :class:`Moved` or
:class:`Renumbered` (a :class:`Reformatted` unit is a :class:`Modified` one whose change is of
whitespace only). Each prints itself as one text line, as a Markdown list item body and as an HTML
fragment (``<ins>``/``<del>``), in Japanese or English.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import ClassVar

from markupsafe import Markup, escape

from termsite.compare.blocks import EMPTY, Texts, UnitKind
from termsite.compare.words import ChangeKind, list_join, word
from termsite.model.terms import Lang

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~!])")


def md_escape(text: str) -> str:
    """Text made literal in Markdown (GitHub): special characters escaped, line breaks as ``<br>``."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


@functools.lru_cache(maxsize=4096)
def anchor_for(kind: UnitKind, unit_id: str) -> str:
    """The fragment id of a unit in a comparison: ``change-<id>`` for articles."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "-", unit_id)
    return f"change-{safe}" if kind == "article" else f"change-{kind}-{safe}"


@dataclass(frozen=True)
class UnitRef:
    """What a finding is about: a unit with its headings and labels on both sides."""

    kind: UnitKind
    id: str
    old_heading: Texts | None
    new_heading: Texts | None
    old_label: Texts | None
    new_label: Texts | None
    snippet: Texts
    #: the ids each version gives the unit (None: that version does not have it); ``id`` is the
    #: comparison's own: the new side's, or the old side's for a deleted unit (``<id>#old`` when a
    #: new unit has that id)
    old_id: str | None = None
    new_id: str | None = None

    @property
    def anchor(self) -> str:
        """The unit's fragment id in the comparison fragment."""
        return anchor_for(self.kind, self.id)

    def name(self, lang: Lang, side: str = "new") -> str:
        """The heading a reader knows the unit by (new side first), or the start of its text."""
        order = (self.new_heading, self.old_heading) if side == "new" else (self.old_heading, self.new_heading)
        for h in order:
            if h is not None and h.get(lang):
                return h.get(lang)
        text = self.snippet.get(lang)
        return f"「{text}」" if lang == "ja" else f"“{text}”"


@dataclass(frozen=True)
class Finding:
    """A change to one unit. Subclasses say which kind."""

    kind: ClassVar[ChangeKind]
    unit: UnitRef

    @property
    def anchor(self) -> str:
        """The fragment id of the unit in the comparison (link ``page#anchor``)."""
        return self.unit.anchor

    def _side(self) -> str:
        return "new"

    def _detail_text(self, lang: Lang) -> str:
        return ""

    def _detail_html(self, lang: Lang) -> Markup:
        return escape(self._detail_text(lang))

    def _detail_md(self, lang: Lang) -> str:
        return md_escape(self._detail_text(lang))

    def as_text(self, lang: Lang) -> str:
        """One line: ``変更: 第12条（利用料金の支払）: 第2項`` / ``modified: Article 12 (…): paragraph 2``."""
        detail = self._detail_text(lang)
        line = f"{word(self.kind, lang)}: {self.unit.name(lang, self._side())}"
        return f"{line}: {detail}" if detail else line

    def as_markdown(self, lang: Lang) -> str:
        """One Markdown line: ``**変更** 第12条（…）: 第2項``."""
        detail = self._detail_md(lang)
        line = f"**{word(self.kind, lang)}** {md_escape(self.unit.name(lang, self._side()))}"
        return f"{line}: {detail}" if detail else line

    def _name_html(self, lang: Lang, href: str | None) -> Markup:
        name = escape(self.unit.name(lang, self._side()))
        if href is not None:
            name = Markup('<a href="{}">{}</a>').format(href, name)
        return name

    def as_html(self, lang: Lang, href: str | None = None) -> str:
        """An HTML fragment; ``href`` links the unit's name (for example ``changes/#change-fees``)."""
        detail = self._detail_html(lang)
        out = Markup('<span class="cmp-finding cmp-finding-{}"><strong>{}</strong> {}').format(
            self.kind, word(self.kind, lang), self._name_html(lang, href))
        if detail:
            out += Markup(": ") + detail
        return str(out + Markup("</span>"))


@dataclass(frozen=True)
class Added(Finding):
    """A unit only the new version has (新設)."""

    kind: ClassVar[ChangeKind] = "added"

    def _name_html(self, lang: Lang, href: str | None) -> Markup:
        return Markup("<ins>{}</ins>").format(super()._name_html(lang, href))


@dataclass(frozen=True)
class Deleted(Finding):
    """A unit only the old version has (削除)."""

    kind: ClassVar[ChangeKind] = "deleted"

    def _side(self) -> str:
        return "old"

    def _name_html(self, lang: Lang, href: str | None) -> Markup:
        return Markup("<del>{}</del>").format(super()._name_html(lang, href))


@dataclass(frozen=True)
class Modified(Finding):
    """A unit whose text changed: ``places`` (第2項, heading, …) in the languages ``langs``."""

    kind: ClassVar[ChangeKind] = "modified"
    places: tuple[Texts, ...] = ()
    langs: tuple[Lang, ...] = ("ja", "en")

    def _detail_text(self, lang: Lang) -> str:
        shown = [p.get(lang) for p in self.places[:6]]
        if len(self.places) > 6:
            shown.append("…")
        text = list_join(shown, lang)
        if len(self.langs) == 1:
            only = word("only_other", lang).format(word(f"lang_{self.langs[0]}", lang))
            text = (text + ("" if lang == "ja" else " ") + only) if text else only
        return text


@dataclass(frozen=True)
class Reformatted(Modified):
    """A unit whose text changed in its whitespace only (表記のみ): ``places``, ``langs`` as for
    :class:`Modified`, of which it is a kind (what differs: :func:`termsite.compare.wording.wording`)."""

    kind: ClassVar[ChangeKind] = "formatting"


@dataclass(frozen=True)
class Moved(Finding):
    """A unit in both versions at a different place (another chapter, or out of order)."""

    kind: ClassVar[ChangeKind] = "moved"
    old_place: Texts = EMPTY
    new_place: Texts = EMPTY

    def _detail_text(self, lang: Lang) -> str:
        return f"{self.old_place.get(lang)} → {self.new_place.get(lang)}"

    def _detail_md(self, lang: Lang) -> str:
        return f"{md_escape(self.old_place.get(lang))} → {md_escape(self.new_place.get(lang))}"


@dataclass(frozen=True)
class Renumbered(Finding):
    """A unit whose number changed (第5条 → 第6条); not a change of its text."""

    kind: ClassVar[ChangeKind] = "renumbered"
    old_number: Texts = EMPTY
    new_number: Texts = EMPTY

    def _detail_text(self, lang: Lang) -> str:
        return f"{self.old_number.get(lang)} → {self.new_number.get(lang)}"

    def _detail_md(self, lang: Lang) -> str:
        return f"~~{md_escape(self.old_number.get(lang))}~~ → {md_escape(self.new_number.get(lang))}"

    def _detail_html(self, lang: Lang) -> Markup:
        return Markup("<del>{}</del> → <ins>{}</ins>").format(self.old_number.get(lang), self.new_number.get(lang))
