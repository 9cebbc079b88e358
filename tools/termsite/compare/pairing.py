"""Which unit of the old version is which unit of the new one: by content first, not by id alone.

Ids are given by people and by the importer, and a careless id (every article after an inserted one
renamed from its new number, ``article-6`` for what was ``article-5``) must not pair unrelated
articles. :func:`pair_units` pairs the units of each kind (chapters, then articles, supplementary
provisions, appendices) in steps, each over what the steps before left unpaired:

1. the same id and the same content (most of any comparison, in linear time);
2. the same content (title and every block), whatever the ids: in reading order within each group of
   equal contents (buckets by the content's hash);
3. units with the same id and the same title that are alike (:data:`KEPT_SCORE`): an article
   amended in place; then candidates scored by how alike they are: :func:`likeness` of their texts (0 to 1000), plus
   :data:`ID_BONUS` for the same id and :data:`TITLE_BONUS` for the same non-empty title. A pair is
   taken if its score reaches :data:`PAIR_SCORE`, best score first, then the pair that moved least,
   so that two unrelated articles stay one deleted and one added. The candidates are bounded: the
   same id, the same title, and the units within :data:`WINDOW` places of each other among the
   unpaired ones (their ranks scaled to the two counts), so the step stays linear in the number of
   units.

Paired units then share the new unit's id in the comparison (the old unit keeps its own id in
``Unit.own_id``); an unpaired old unit whose id a new unit holds is renamed ``<id>#old``. Every step
treats the two versions alike, so the pairs are the same whichever version is called old.
"""

from __future__ import annotations

import dataclasses as dc
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from termsite.compare.blocks import Unit, UnitKind
from termsite.compare.memo import Table
from termsite.model.terms import Lang

#: A table of the grams of units, by the unit's identity (see :class:`termsite.compare.memo.Memo`).
GramTable = Table[int, tuple[Unit, dict[str, tuple[Counter[object], int]]]]

#: A pair of units is taken when its score reaches this (of 1000, bonuses included).
PAIR_SCORE = 400
#: Added to the likeness of two units with the same id: the same id and some likeness pairs them.
ID_BONUS = 200
#: Added to the likeness of two units with the same title (not empty, number left out).
TITLE_BONUS = 200
#: How many unpaired units either side of a unit's scaled place are candidates for it.
WINDOW = 8
#: The likeness at which two units with the same id and the same title are paired at once, before
#: any candidate is scored: an article amended in place (most changed articles) costs one likeness.
KEPT_SCORE = 600
#: A title shared by more units than this on either side is too common to make candidates.
_TITLE_BUCKET = 8

_KINDS: tuple[UnitKind, ...] = ("chapter", "article", "supplementary", "appendix")
_EN_WORD = re.compile(r"\w+")


def _text(u: Unit, lang: Lang) -> str:
    return "\n".join([u.title.get(lang)] + [b.similarity_text(lang) for b in u.blocks])


def _grams(text: str, lang: Lang) -> Counter[object]:
    # English shares characters across any two texts (unrelated articles score ~500 on character
    # pairs): word pairs tell articles apart. Japanese: character triples (unrelated ~125, like ~900).
    if lang == "en":
        words = _EN_WORD.findall(text.lower())
        return Counter(itertools.pairwise(words)) if len(words) > 1 else Counter(words)
    return Counter(text[k:k + 3] for k in range(max(1, len(text) - 2)))


def likeness(a: Counter[object], b: Counter[object]) -> int:
    """The Dice coefficient of two multisets of grams, 0 to 1000 (1000: the same multiset)."""
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 1000
    if len(b) < len(a):
        a, b = b, a
    common = 0
    for gram, n in a.items():
        m = b.get(gram)
        if m:
            common += n if n < m else m
    return 2000 * common // total


class _Side:
    """The units of one kind of one version, with what pairing needs of each, made once."""

    def __init__(self, units: list[Unit], original: Lang, table: GramTable | None = None) -> None:
        self.units = units
        self.original = original
        self._grams: dict[int, Counter[object]] = {}
        self._sizes: dict[int, int] = {}
        self._table = table

    def content(self, k: int) -> str:
        u = self.units[k]
        return "\x1d".join([u.title.ja, u.title.en, *(b.key() for b in u.blocks)])

    def title(self, k: int) -> str:
        return self.units[k].title.get(self.original).strip()

    def lang(self, k: int, other: _Side, j: int) -> Lang:
        # Matched in the original language, unless both units have no text in it.
        if _text(self.units[k], self.original).strip() or _text(other.units[j], other.original).strip():
            return self.original
        return "en" if self.original == "ja" else "ja"

    def grams(self, k: int, lang: Lang) -> Counter[object]:
        key = k * 2 + (lang == "en")
        found = self._grams.get(key)
        if found is None:
            found, size = self._made(self.units[k], lang)
            self._grams[key] = found
            self._sizes[key] = size
        return found

    def _made(self, u: Unit, lang: Lang) -> tuple[Counter[object], int]:
        """The grams of ``u`` in ``lang`` and their count, from the table if ``u`` was paired before."""
        table = self._table
        entry = table.get(id(u)) if table is not None else None
        if entry is None or entry[0] is not u:
            entry = (u, {})
            if table is not None:
                table[id(u)] = entry
        made = entry[1].get(lang)
        if made is None:
            grams = _grams(_text(u, lang), lang)
            made = entry[1][lang] = (grams, sum(grams.values()))
        return made

    def size(self, k: int, lang: Lang) -> int:
        self.grams(k, lang)
        return self._sizes[k * 2 + (lang == "en")]


def _pairs(old: _Side, new: _Side) -> dict[int, int]:
    """Old index -> new index of the paired units of one kind (steps 1 to 3 of the module)."""
    n, m = len(old.units), len(new.units)
    paired: dict[int, int] = {}
    taken: set[int] = set()
    new_by_id = {u.id: j for j, u in enumerate(new.units)}
    for i, u in enumerate(old.units):  # 1. same id, same content
        j = new_by_id.get(u.id)
        if j is not None and old.content(i) == new.content(j):
            paired[i] = j
            taken.add(j)
    # 2. same content: equal contents paired in reading order
    old_by_content: dict[str, list[int]] = defaultdict(list)
    new_by_content: dict[str, list[int]] = defaultdict(list)
    for i in range(n):
        if i not in paired:
            old_by_content[old.content(i)].append(i)
    for j in range(m):
        if j not in taken:
            new_by_content[new.content(j)].append(j)
    for key, olds in old_by_content.items():
        for i, j in zip(olds, new_by_content.get(key, ()), strict=False):
            paired[i] = j
            taken.add(j)
    # 3a. amended in place: the same id, the same title and much alike
    for i, u in enumerate(old.units):
        j = new_by_id.get(u.id)
        if i in paired or j is None or j in taken or not old.title(i) or old.title(i) != new.title(j):
            continue
        lang = old.lang(i, new, j)
        sa, sb = old.size(i, lang), new.size(j, lang)
        if sa + sb and 2000 * min(sa, sb) // (sa + sb) < KEPT_SCORE:
            continue
        if likeness(old.grams(i, lang), new.grams(j, lang)) >= KEPT_SCORE:
            paired[i] = j
            taken.add(j)
    # 3b. likeness over bounded candidates
    rest_old = [i for i in range(n) if i not in paired]
    rest_new = [j for j in range(m) if j not in taken]
    if not rest_old or not rest_new:
        return paired
    for i, j in _best(old, new, rest_old, rest_new):
        paired[i] = j
    return paired


def _candidates(old: _Side, new: _Side, rest_old: list[int], rest_new: list[int]) -> Iterable[tuple[int, int]]:
    n, m = len(rest_old), len(rest_new)
    reach = WINDOW * max(n, m)
    for a, i in enumerate(rest_old):  # |a/n - b/m| <= WINDOW/min(n, m), the same condition both ways
        lo = max(0, -(-(a * m - reach) // n))
        hi = min(m - 1, (a * m + reach) // n)
        for b in range(lo, hi + 1):
            yield i, rest_new[b]
    new_ids = {new.units[j].id: j for j in rest_new}
    for i in rest_old:
        j = new_ids.get(old.units[i].id)
        if j is not None:
            yield i, j
    old_titles: dict[str, list[int]] = defaultdict(list)
    new_titles: dict[str, list[int]] = defaultdict(list)
    for i in rest_old:
        if old.title(i):
            old_titles[old.title(i)].append(i)
    for j in rest_new:
        if new.title(j):
            new_titles[new.title(j)].append(j)
    for title, olds in old_titles.items():
        news = new_titles.get(title, [])
        if len(olds) <= _TITLE_BUCKET and len(news) <= _TITLE_BUCKET:
            yield from ((i, j) for i in olds for j in news)


def _best(old: _Side, new: _Side, rest_old: list[int], rest_new: list[int]) -> list[tuple[int, int]]:
    scored: list[tuple[int, int, int, int, str, str, str, str, int]] = []
    for i, j in set(_candidates(old, new, rest_old, rest_new)):
        a, b = old.units[i], new.units[j]
        bonus = (ID_BONUS if a.id == b.id else 0) + (TITLE_BONUS if old.title(i) and old.title(i) == new.title(j)
                                                      else 0)
        lang = old.lang(i, new, j)
        sa, sb = old.size(i, lang), new.size(j, lang)
        if sa + sb and bonus + 2000 * min(sa, sb) // (sa + sb) < PAIR_SCORE:
            continue  # too different in length to reach the score, whatever they share
        score = bonus + likeness(old.grams(i, lang), new.grams(j, lang))
        if score >= PAIR_SCORE:
            # best first; then the pair that moved least; then by place and id, alike both ways
            ca, cb = old.content(i), new.content(j)
            scored.append((-score, abs(i - j), min(i, j), max(i, j), min(ca, cb), max(ca, cb),
                           min(a.id, b.id), max(a.id, b.id), i - j))
    scored.sort()
    out: list[tuple[int, int]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for *_, low, high, _, _, _, _, diff in scored:
        i, j = (low, high) if diff < 0 else (high, low)
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            out.append((i, j))
    return out


def pair_units(old: list[Unit], new: list[Unit], original: Lang, grams: GramTable | None = None) -> list[Unit]:
    """The old units renamed so that each old unit paired with a new one has the new unit's id.

    An unpaired old unit whose id a new unit of its kind holds is renamed ``<id>#old``. The old
    unit's own id is kept in ``own_id``; an article's chapter follows its chapter's renaming. With a
    ``grams`` table, a unit's grams are made once for all the comparisons that pair it."""
    out = list(old)
    chapters: dict[str, str] = {}
    for kind in _KINDS:
        olds = [k for k, u in enumerate(old) if u.kind == kind]
        news = [u for u in new if u.kind == kind]
        if not olds or not news:
            continue
        sides = _Side([old[k] for k in olds], original, grams), _Side(news, original, grams)
        pairs = _pairs(*sides)
        new_ids = {u.id for u in news}
        used = new_ids | {old[k].id for k in olds}
        for a, k in enumerate(olds):
            u = old[k]
            j = pairs.get(a)
            target = news[j].id if j is not None else u.id
            if j is None and u.id in new_ids:
                target = _free(f"{u.id}#old", used)
                used.add(target)
            if target != u.id:
                out[k] = dc.replace(u, id=target, own_id=u.own_id or u.id)
            if kind == "chapter":
                chapters[u.id] = target
    if chapters:
        out = [dc.replace(u, chapter=chapters[u.chapter])
               if u.kind == "article" and u.chapter in chapters and chapters[u.chapter] != u.chapter else u
               for u in out]
    return out


def _free(wanted: str, used: set[str]) -> str:
    name, k = wanted, 2
    while name in used:
        name, k = f"{wanted}{k}", k + 1
    return name
