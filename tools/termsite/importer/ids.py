"""Ids for an imported version: reused from the previous version by content, new ones never used before.

Each article of the new text is matched to an article of the previous version by its content:
first identical title and text, then the most similar (title and text similarity, the nearer
position as the tie-breaker) above a threshold; a matched article keeps the previous id, so the
新旧対照表 pairs it even when it was renumbered. Sections are matched the same way, chapters and
appendices by title or by the articles they hold. An id that is not reused is named from the
printed number (``article-5``) and, when any version of the document ever used that id, made new
with the version's date (``article-5-20250401``): an id of an earlier version never comes back for a
different provision.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from termsite.model.terms import Item, Lang, Paragraph, Version

THRESHOLD = 0.6
"""The similarity (0–1) above which two provisions are the same provision, changed."""

_WINDOW = 30  # beyond this many unmatched provisions, only the nearest positions are compared


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _item_texts(items: tuple[Item, ...], lang: Lang) -> Iterator[str]:
    for it in items:
        if it.text and it.text.get(lang):
            yield it.text.get(lang) or ""
        yield from (d.get(lang) or "" for d in it.detail)
        yield from _item_texts(it.items, lang)


def paragraph_texts(paragraphs: tuple[Paragraph, ...], lang: Lang) -> str:
    """Every text of ``paragraphs`` in ``lang``, run together (for similarity only)."""
    out: list[str] = []
    for p in paragraphs:
        if p.text and p.text.get(lang):
            out.append(p.text.get(lang) or "")
        out += _item_texts(p.items, lang)
        if p.table is not None:
            out += [c.get(lang) or "" for c in p.table.header]
            out += [c.get(lang) or "" for row in p.table.rows for c in row]
    return _squash("".join(out))


def data_texts(node: Any) -> str:
    """Every ``{lang: text}`` of imported data, run together (ids and titles left out by the caller)."""
    out: list[str] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                if k in ("id", "title", "sections"):
                    continue
                if isinstance(v, str) and k in ("ja", "en"):
                    out.append(v)
                else:
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(node)
    return _squash("".join(out))


Unit = tuple[str, str]  # (title, text)


def match(new: list[Unit], old: list[Unit]) -> dict[int, int]:
    """For each index of ``new``, the index of the same provision in ``old`` (some have none)."""
    pairs: dict[int, int] = {}
    by_content: dict[Unit, list[int]] = {}
    for j, u in enumerate(old):
        by_content.setdefault(u, []).append(j)
    for i, u in enumerate(new):
        free = by_content.get(u)
        if free and u != ("", ""):
            pairs[i] = free.pop(0)
    rest_new = [i for i in range(len(new)) if i not in pairs]
    taken = set(pairs.values())
    rest_old = [j for j in range(len(old)) if j not in taken]
    grams_new = {i: (_grams(new[i][0]), _grams(new[i][1])) for i in rest_new}
    grams_old = {j: (_grams(old[j][0]), _grams(old[j][1])) for j in rest_old}
    scored: list[tuple[float, float, int, int]] = []
    for i in rest_new:
        where = i / max(len(new), 1)
        for j in rest_old:
            if len(rest_old) > _WINDOW and abs(where - j / max(len(old), 1)) * len(old) > _WINDOW:
                continue
            score = _similarity(new[i], old[j], grams_new[i], grams_old[j])
            if score >= THRESHOLD:
                scored.append((-score, abs(where - j / max(len(old), 1)), i, j))
    scored.sort()
    used_new: set[int] = set()
    for _, _, i, j in scored:
        if i in used_new or j in taken:
            continue
        pairs[i] = j
        used_new.add(i)
        taken.add(j)
    return pairs


Grams = tuple[Counter[str], Counter[str]]


def _grams(text: str) -> Counter[str]:
    """The character bigrams of ``text`` (its one character for a text of one)."""
    return Counter(text[k:k + 2] for k in range(max(len(text) - 1, 1))) if text else Counter()


def _dice(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


def _similarity(a: Unit, b: Unit, ga: Grams, gb: Grams) -> float:
    """0–1: how much of two provisions' titles and texts they share (bigram Dice), titles weighing 0.3."""
    (ta, xa), (tb, xb) = a, b
    title = 1.0 if ta and ta == tb else _dice(ga[0], gb[0])
    if not xa and not xb:
        return title
    text = _dice(ga[1], gb[1])
    if not ta and not tb:
        return text
    return 0.3 * title + 0.7 * text


class Ids:
    """Unique ids for one imported version."""

    def __init__(self, previous: Version | None, lang: Lang, ever: set[str], effective: dt.date) -> None:
        self.previous, self.lang, self.effective = previous, lang, effective
        self.ever = set(ever)
        if previous is not None:
            self.ever |= _version_ids(previous)
        self.used: set[str] = set()
        self.reused: list[str] = []
        self.minted: list[str] = []

    def keep(self, node_id: str) -> str:
        """Reuse ``node_id`` of the previous version."""
        self.used.add(node_id)
        self.reused.append(node_id)
        return node_id

    def fresh(self, fallback: str) -> str:
        """``fallback``, or a variant of it, that no version of the document ever used."""
        node_id = fallback
        if node_id in self.used or node_id in self.ever:
            node_id = f"{fallback}-{self.effective.strftime('%Y%m%d')}"
        n = 1
        base = node_id
        while node_id in self.used or node_id in self.ever:
            n += 1
            node_id = f"{base}-{n}"
        self.used.add(node_id)
        self.minted.append(node_id)
        return node_id


def _version_ids(version: Version) -> set[str]:
    out = {c.id for c in version.chapters} | {a.id for a in version.articles}
    out |= {s.id for a in version.articles for s in a.sections}
    out |= {s.id for s in version.supplementary} | {x.id for x in version.appendices}
    return out


_ID_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?id:[ \t]*['\"]?([a-z0-9]+(?:-[a-z0-9]+)*)['\"]?[ \t]*(?:#.*)?$",
                      re.MULTILINE)


def ids_in_text(text: str) -> set[str]:
    """The ids a version file's YAML text gives (read without parsing it: a cheap scan of ``id:`` lines)."""
    return set(_ID_LINE.findall(text))


def assign(body: dict[str, Any], ids: Ids) -> None:
    """Give every provision of the imported ``body`` its final id (placeholders are their fallbacks)."""
    prev, lang = ids.previous, ids.lang
    arts = [a for c in body.get("chapters", []) for a in c["articles"]] or body.get("articles", [])
    old_arts = list(prev.articles) if prev else []
    pairs = match([(_squash(a.get("title", {}).get(lang, "")), data_texts(a)) for a in arts],
                  [(_squash(a.title.get(lang) or "") if a.title else "", paragraph_texts(a.paragraphs, lang))
                   for a in old_arts])
    old_of: dict[int, str] = {}
    for i, a in enumerate(arts):
        j = pairs.get(i)
        if j is not None and old_arts[j].id not in ids.used:
            a["id"] = ids.keep(old_arts[j].id)
            old_of[id(a)] = old_arts[j].id
    for a in arts:
        if id(a) not in old_of:
            a["id"] = ids.fresh(a["id"])
    _sections(arts, old_arts, ids)
    _chapters(body.get("chapters", []), prev, ids)
    old_supp = {s.id for s in prev.supplementary} if prev else set()
    for s in body.get("supplementary", []):
        s["id"] = ids.keep(s["id"]) if s["id"] in old_supp and s["id"] not in ids.used else ids.fresh(s["id"])
    appx = body.get("appendices", [])
    old_appx = list(prev.appendices) if prev else []
    pairs = match([(_squash(x["title"].get(lang, "")), data_texts(x)) for x in appx],
                  [(_squash(x.title.get(lang) or ""), paragraph_texts(x.paragraphs, lang)) for x in old_appx])
    for i, x in enumerate(appx):
        j = pairs.get(i)
        x["id"] = ids.keep(old_appx[j].id) if j is not None and old_appx[j].id not in ids.used else ids.fresh(x["id"])


def _sections(arts: list[dict[str, Any]], old_arts: list[Any], ids: Ids) -> None:
    lang = ids.lang
    secs = [s for a in arts for s in a.get("sections", [])]
    old = [s for a in old_arts for s in a.sections]
    pairs = match([(_squash(s.get("title", {}).get(lang, "")), data_texts(s)) for s in secs],
                  [(_squash(s.title.get(lang) or "") if s.title else "", paragraph_texts(s.paragraphs, lang))
                   for s in old])
    for i, s in enumerate(secs):
        j = pairs.get(i)
        s["id"] = ids.keep(old[j].id) if j is not None and old[j].id not in ids.used else ids.fresh(s["id"])


def _chapters(chapters: list[dict[str, Any]], prev: Version | None, ids: Ids) -> None:
    old = list(prev.chapters) if prev else []
    by_title = {_squash(c.title.get(ids.lang) or ""): c.id for c in old}
    holder = {a.id: c.id for c in old for a in c.articles}
    for c in chapters:
        candidate = by_title.get(_squash(c["title"].get(ids.lang, "")))
        if candidate is None or candidate in ids.used:
            held = [holder[a["id"]] for a in c["articles"] if a["id"] in holder and holder[a["id"]] not in ids.used]
            candidate = max(set(held), key=lambda x: (held.count(x), x)) if held else None
        c["id"] = ids.keep(candidate) if candidate is not None and candidate not in ids.used else ids.fresh(c["id"])
