"""Rules over one version and across the versions of a document, yielding diagnostics.

Text defects (a reference that does not resolve, Japanese and English citing different provisions)
are errors in a version that can still change, and warnings in a version already published and
announced: published history is not rewritten, a correction is a new version.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple, Protocol, TypeVar

from termsite.diagnostics.codes import CODES
from termsite.diagnostics.diagnostic import Diagnostic, Location, Severity
from termsite.model.numbering import article_numbers
from termsite.model.terms import (
    LANGS,
    Corpus,
    Document,
    GlossaryTerm,
    KeyPath,
    Lang,
    Localized,
    SiteConfig,
    Version,
    translated,
)
from termsite.model.text_safety import (
    code_point,
    context,
    invisible,
    markup,
    mixed_script_word,
    reveal_all,
    site_url_problem,
)
from termsite.rules.branches import branch_problems
from termsite.rules.drift import Provisions, drift_problems
from termsite.rules.gaps import gap_problems
from termsite.rules.links import link_problems
from termsite.rules.notes import note_problems
from termsite.rules.pending import declaration_problems, excused
from termsite.rules.refs import Documents, Ref, Resolver, Target, refs_in
from termsite.rules.traverse import TextAt, texts
from termsite.source.problems import key_path_str

# A space between Japanese characters is almost always a line break folded by YAML (>-).
_JA_SPACE = re.compile(r"[、。ぁ-んァ-ヶ一-龯][ \t]+[ぁ-んァ-ヶ一-龯]")


def _d(code: str, sev: Severity, msg: str, source: str, pos: tuple[int, int], path: KeyPath = (),
       hint: str | None = None) -> Diagnostic:
    return Diagnostic(code, sev, msg, Location(source, pos[0], pos[1]),
                      hint=CODES[code][1] if hint is None else hint, key=key_path_str(path))


def is_frozen(version: Version, as_of: dt.date) -> bool:
    """Published and announced by ``as_of``: its text is history and cannot change."""
    return version.status == "published" and version.announced is not None and version.announced <= as_of


_QUOTES = str.maketrans("", "", "\"'“”‘’「」")


_Pair = tuple[str, str, tuple[str, ...], bool]  # term, rendering, other forms of the rendering, exclusive


@functools.lru_cache(maxsize=64)
def _glossary_patterns(
    pairs: tuple[_Pair, ...], ja_source: bool
) -> tuple[tuple[re.Pattern[str], _Pair], ...]:
    if ja_source:
        # 本サービス inside 基本サービス is another word: a term must not continue a kanji compound
        return tuple((re.compile(rf"(?<![一-龯]){re.escape(p[0])}"), p) for p in pairs)
    return tuple((re.compile(rf"\b{re.escape(p[0])}\b"), p) for p in pairs)  # defined terms keep capitals


@functools.lru_cache(maxsize=65536)
def _glossary_hits(original: str, pairs: tuple[_Pair, ...], ja_source: bool) -> tuple[_Pair, ...]:
    """The entries whose term occurs in ``original``, longest terms first."""
    hits = []
    rest = original
    for pattern, pair in _glossary_patterns(pairs, ja_source):
        if pair[0] in rest and pattern.search(rest):
            hits.append(pair)
            rest = rest.replace(pair[0], "\0")
    return tuple(hits)


@functools.lru_cache(maxsize=256)
def _form_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``forms`` (lowercase) at the start of a word: 'abolish' finds abolished, not 'reabolish'."""
    return re.compile("|".join(rf"(?<![a-z]){re.escape(f)}" for f in forms))


def _forms(pair: _Pair) -> tuple[str, ...]:
    return tuple(f.lower().removeprefix("the ") for f in (pair[1], *pair[2]))


def glossary_problems(doc: Document, version: Version, glossary: tuple[GlossaryTerm, ...],
                      all_texts: list[TextAt] | None = None) -> Iterator[Diagnostic]:
    """A defined term used in the original whose fixed translation is missing from the translation, and a
    rendering kept for one term (``exclusive``) used where the original does not have that term."""
    src_lang: Lang = doc.original
    dst_lang: Lang = "en" if src_lang == "ja" else "ja"
    pairs = tuple(sorted(((g.ja, g.en, g.also, g.exclusive) if src_lang == "ja" else (g.en, g.ja, g.also, g.exclusive)
                          for g in glossary if g.original in ("", src_lang)),
                         key=lambda p: -len(p[0])))  # 本サービス利用契約 first
    if not pairs:
        return
    exclusive = tuple(p for p in pairs if p[3])
    src_name = "Japanese" if src_lang == "ja" else "English"
    for t in all_texts if all_texts is not None else texts(version):
        original, translation = t.text.get(src_lang), t.text.get(dst_lang)
        if not original or not translation:
            continue
        path = (*t.text.path, dst_lang)
        for term, rendering in _glossary_misses(original, translation, pairs, src_lang == "ja"):
            yield _d("TERMS026", "warning", f"'{term}' is in the {src_name} text but '{rendering}' is not in the "
                     "translation", version.source, version.location(path), path)
        for term, rendering in _glossary_strays(original, translation, exclusive, src_lang == "ja"):
            yield _d("TERMS026", "warning", f"'{rendering}' is in the translation but '{term}', the only term it "
                     f"renders, is not in the {src_name} text", version.source, version.location(path), path,
                     hint="use the glossary's rendering of the term the original uses (site_config/glossary.yml)")


def _plain(translation: str) -> str:
    return translation.translate(_QUOTES).lower()


@functools.lru_cache(maxsize=65536)
def _glossary_misses(original: str, translation: str, pairs: tuple[_Pair, ...],
                     ja_source: bool) -> tuple[tuple[str, str], ...]:
    plain = _plain(translation)
    out = []
    for pair in _glossary_hits(original, pairs, ja_source):
        term, rendering = pair[0], pair[1]
        # a term kept verbatim (a quoted subject line, a name) is not a translation problem
        if not _form_pattern(_forms(pair)).search(plain) and term.lower() not in plain:
            out.append((term, rendering))
    return tuple(out)


@functools.lru_cache(maxsize=65536)
def _glossary_strays(original: str, translation: str, exclusive: tuple[_Pair, ...],
                     ja_source: bool) -> tuple[tuple[str, str], ...]:
    if not exclusive:
        return ()
    plain = _plain(translation)
    present = {p[0] for p in _glossary_hits(original, exclusive, ja_source)}
    out = []
    for pair in exclusive:
        found = _form_pattern(_forms(pair)).search(plain)
        if found and pair[0] not in present:
            out.append((pair[0], found.group(0)))
    return tuple(out)


def _revision_problems(version: Version) -> Iterator[Diagnostic]:
    """TERMS070: ``translation_revisions`` belong to a published version, after its announcement, in order."""
    previous: dt.date | None = None
    for r in version.translation_revisions:
        path = (*r.path, "date")
        if version.status != "published" or version.announced is None:
            problem = "a version that is not published is translated in place: it has no revisions to record"
        elif r.date <= version.announced:
            problem = f"translation revision dated {r.date}, on or before the announcement ({version.announced})"
        elif previous is not None and r.date <= previous:
            problem = f"translation revision dated {r.date}, not after the entry before it ({previous})"
        else:
            problem = ""
        if problem:
            yield _d("TERMS070", "error", problem, version.source, version.location(path), path)
        previous = r.date


def check_version(doc: Document, version: Version, as_of: dt.date,
                  all_texts: list[TextAt] | None = None, corpus: Corpus | None = None) -> Iterator[Diagnostic]:
    """Rules over one version on its own (and the documents of ``corpus`` its references cite)."""
    src = version.source
    if all_texts is None:
        all_texts = list(texts(version))
    frozen = is_frozen(version, as_of)
    text_sev: Severity = "warning" if frozen else "error"

    if version.announced and version.announced > version.effective:
        yield _d("TERMS011", "error", f"announced {version.announced} is after effective {version.effective}",
                 src, version.location(("announced",)), ("announced",))
    if version.status == "published" and version.announced is None:
        yield _d("TERMS035", "error", "a published version needs `announced`", src, version.location(()))
    yield from _revision_problems(version)
    if not version.articles:
        yield _d("TERMS023", "error", "this version has no articles", src, version.location(()))

    # translations, markup and invisible characters, text by text
    for t in all_texts:
        text = t.text
        ja, en = text.ja, text.en
        one_line = t.what.endswith(("title", "label"))
        if ja is not None and en is not None and _scan_text(ja, "ja", one_line) is None \
                and _scan_text(en, "en", one_line) is None:
            continue  # the common case, without building the paths of diagnostics that are not there
        yield from _text_problems(doc, text, version, text_sev, one_line)
    yield from declaration_problems(doc, version, all_texts)
    note_texts: list[tuple[str, Lang, KeyPath]] = []
    yield from note_problems(doc, version, note_texts)
    for value, lang, path in note_texts:
        if _scan_text(value, lang, False) is not None:  # a position is read only for a problem
            yield from text_problems(value, lang, (src, *version.location(path)), path, text_sev)

    # ids share one anchor namespace
    seen: dict[str, KeyPath] = {}
    nodes: list[tuple[str, KeyPath]] = [(c.id, c.path) for c in version.chapters]
    for a in version.articles:
        nodes.append((a.id, a.path))
        nodes += [(s.id, s.path) for s in a.sections]
    nodes += [(s.id, s.path) for s in version.supplementary] + [(a.id, a.path) for a in version.appendices]
    for node_id, path in nodes:
        if node_id in seen:
            first = version.location(seen[node_id] + ("id",))
            yield _d("TERMS015", "error", f"id '{node_id}' is used twice (first at line {first[0]})",
                     src, version.location(path + ("id",)), path + ("id",))
        else:
            seen[node_id] = path

    # numbering: overrides and duplicates are warnings
    numbers = article_numbers(version)
    by_number: dict[str, list[str]] = {}
    for a in version.articles:
        n = numbers[a.id]
        by_number.setdefault(n.key, []).append(a.id)
        if n.overridden:
            yield _d("TERMS016", "warning",
                     f"article '{a.id}' overrides its derived number with {n.label(doc.numbering, doc.original)}",
                     src, version.location(a.path + ("number",)), a.path + ("number",))
    yield from branch_problems(doc, version)
    articles_by_id = {a.id: a for a in version.articles}
    for ids in by_number.values():
        if len(ids) > 1:
            label = numbers[ids[0]].label(doc.numbering, doc.original)
            for other in ids[1:]:
                a = articles_by_id[other]
                yield _d("TERMS017", "warning",
                         f"{label} is used by {len(ids)} articles ({', '.join(ids)})",
                         src, version.location(a.path), a.path)

    if doc.change_clause and doc.change_clause not in articles_by_id:
        yield _d("TERMS019", "error",
                 f"change clause '{doc.change_clause}' of document.yml is not an article of this version",
                 src, version.location(()))

    if doc.numbering != "none":
        documents = Documents(corpus, doc) if corpus is not None else None
        yield from _reference_problems(version, text_sev, all_texts, documents)


class _Scan(NamedTuple):
    """What one text holds that it should not (``None``: nothing of that kind)."""

    gap: str | None                         # a space folded into Japanese
    markup: str | None                      # a tag, entity or script link
    hidden: tuple[tuple[int, str], ...]     # invisible or control characters (offset, character)
    mixed: str | None                       # a word mixing look-alike scripts
    broken: bool                            # a line break in what must be one line


@functools.lru_cache(maxsize=65536)
def _scan_text(value: str, lang: Lang, one_line: bool = False) -> _Scan | None:
    """The problems of one text, ``None`` for a clean one; memoized, versions share texts."""
    gap = _JA_SPACE.search(value) if lang == "ja" else None
    found = _Scan(gap.group(0) if gap else None, markup(value), invisible(value), mixed_script_word(value),
                  one_line and "\n" in value)
    return None if found == _CLEAN else found


_CLEAN = _Scan(None, None, (), None, False)


def text_problems(value: str, lang: Lang, where: tuple[str, int, int], path: KeyPath, sev: Severity,
                  one_line: bool = False) -> Iterator[Diagnostic]:
    """Markup, invisible characters, look-alike scripts and line breaks in one text of any file.

    ``sev`` is the severity of a defect that can only be corrected by a new version (a warning in
    published history, an error elsewhere); markup is always an error: it never reaches a page."""
    found = _scan_text(value, lang, one_line)
    if found is None:
        return
    src, line, col = where
    if found.gap:
        yield _d("TERMS025", "warning", f"a space inside Japanese text: '{found.gap}'", src, (line, col), path)
    if found.markup:
        yield _d("TERMS018", "error", f"markup in text: '{reveal_all(found.markup)}'", src, (line, col), path)
    shown, left = found.hidden[:3], len(found.hidden) - 3
    for k, (offset, ch) in enumerate(shown):
        more = f" (and {left} more)" if left > 0 and k == len(shown) - 1 else ""
        yield _d("TERMS027", sev, f"invisible character {code_point(ch)} at character {offset + 1} of the text: "
                 f"'{context(value, offset)}'{more}", src, (line, col), path)
    if found.mixed:
        yield _d("TERMS028", "warning", f"'{reveal_all(found.mixed)}' mixes Latin, Greek or Cyrillic letters "
                 "that look alike", src, (line, col), path)
    if found.broken:
        yield _d("TERMS029", sev, "a line break in a title or name, which is one line of plain text", src,
                 (line, col), path)


def _text_problems(doc: Document, text: Localized, version: Version, sev: Severity,
                   one_line: bool) -> Iterator[Diagnostic]:
    src = version.source
    for lang in LANGS:
        value = text.get(lang)
        path = text.path + (lang,)
        if value is None:
            excuse = excused(doc, version, text, lang)
            if isinstance(excuse, Diagnostic):
                yield excuse
            if excuse is not False:
                continue
            other = "Japanese" if lang == "ja" else "English"
            missing: Severity = "error" if version.status == "published" else "warning"
            yield _d("TERMS014", missing, f"the {other} text is missing", src, version.location(text.path),
                     path, hint=f"add `{lang}:` with the {other} text; a missing translation is never filled "
                     "from the other language")
            continue
        if _scan_text(value, lang, one_line) is not None:
            yield from text_problems(value, lang, (src, *version.location(path)), path, sev, one_line)


def _reference_problems(version: Version, sev: Severity, all_texts: list[TextAt],
                        documents: Documents | None) -> Iterator[Diagnostic]:
    resolver = Resolver(version, documents)
    titles = {lang: resolver.titles(lang) for lang in LANGS}
    src = version.source
    for t in all_texts:
        ja, en = t.text.ja, t.text.en
        refs_ja = refs_in(ja, "ja", titles["ja"]) if ja else ()
        refs_en = refs_in(en, "en", titles["en"]) if en else ()
        if not refs_ja and not refs_en:
            continue  # nothing to resolve, and no citations to compare
        found: dict[Lang, set[Target]] = {}
        sides: tuple[tuple[Lang, str | None, tuple[Ref, ...]], ...] = (("ja", ja, refs_ja), ("en", en, refs_en))
        for lang, value, refs in sides:
            if value is None:
                continue
            targets: set[Target] = set()
            for res in resolver.resolve(refs, t.context, lang, value):
                if res.problem or res.irregular or res.title:
                    pos = version.location(t.text.path + (lang,))  # positions are read only when needed
                if res.problem:
                    yield _d("TERMS020", sev, f"reference {res.problem}", src, pos, t.text.path + (lang,))
                    continue
                # a summary or reason speaks of the version before too: its headings may be the old ones
                if res.title and t.what != "summary":
                    written, actual = res.title
                    first = res.targets[0] if res.targets else None
                    cited = resolver.label(Target(first.article, document=first.document), lang) if first \
                        else res.ref.raw
                    fix = (f"write {cited}（{actual}）" if lang == "ja" else f"write {cited} ({actual})") if actual \
                        else f"remove the heading: {cited} has no title"
                    yield _d("TERMS067", "warning", f"'{res.ref.raw}' gives the heading '{written}', but "
                             f"{cited} is titled '{actual}'" if actual else f"'{res.ref.raw}' gives the heading "
                             f"'{written}', but {cited} has no title", src, pos, t.text.path + (lang,),
                             hint=f"{fix}, or cite the article the heading names")
                if res.irregular and lang == "ja":
                    labels = "、".join(resolver.label(x, "ja") for x in res.targets)
                    yield _d("TERMS022", "warning",
                             f"'{res.ref.raw}' resolves by position to {labels}, whose numbers are duplicated or "
                             "overridden", src, pos, t.text.path + (lang,))
                if res.compared:
                    targets.update(res.targets)
            found[lang] = targets
        if len(found) == 2 and found["ja"] != found["en"]:
            only_ja = sorted(found["ja"] - found["en"])
            only_en = sorted(found["en"] - found["ja"])
            parts = []
            if only_ja:
                parts.append("only the Japanese cites " + ", ".join(resolver.label(x, "ja") for x in only_ja))
            if only_en:
                parts.append("only the English cites " + ", ".join(resolver.label(x, "en") for x in only_en))
            yield _d("TERMS021", sev, "; ".join(parts), src, version.location(t.text.path), t.text.path)


def check_document(doc: Document, config: SiteConfig, as_of: dt.date,
                   corpus: Corpus | None = None) -> Iterator[Diagnostic]:
    """Rules across the versions of one document, then each version's own rules; references and
    links to another document resolve against ``corpus`` (without it, references are read as this
    document's and links to other documents are not judged)."""
    documents = {d.id: d for d in corpus.documents} if corpus is not None else None
    for lang in LANGS if not doc.single_language else (doc.original,):
        if doc.title.get(lang) is None:
            yield _d("TERMS014", "error", f"the document title has no `{lang}` text", doc.source,
                     doc.location(("title",)), ("title", lang))
    for field, value in (("title", doc.title), ("publisher", doc.publisher)):
        for lang in LANGS:
            text = value.get(lang) if value is not None else None
            if text is not None and _scan_text(text, lang, True) is not None:
                path = (field, lang)
                yield from text_problems(text, lang, (doc.source, *doc.location(path)), path, "error", one_line=True)
    previous: Version | None = None
    drift_memo: dict[str, Provisions] = {}
    for version in doc.versions:
        all_texts = list(texts(version))
        yield from check_version(doc, version, as_of, all_texts, corpus)
        yield from link_problems(doc, version, "warning" if is_frozen(version, as_of) else "error", all_texts,
                                 documents)
        yield from glossary_problems(doc, version, config.glossary, all_texts)
        yield from gap_problems(version, all_texts)
        if previous is not None and version.effective <= previous.effective:
            yield _d("TERMS012", "error", f"effective {version.effective} is not after {previous.effective}",
                     version.source, version.location(("effective",)), ("effective",))
        if previous is not None:
            yield from _notice_problems(doc, version, config)
        if not doc.single_language:
            yield from drift_problems(doc, previous, version, is_frozen(version, as_of), drift_memo)
        previous = version


def _notice_problems(doc: Document, version: Version, config: SiteConfig) -> Iterator[Diagnostic]:
    """The notice rules for a change (民法548条の4, 約款第2条): impact, summary, reason, notice period.
    While the translation is pending (or in a one-language document) the summary and reason need only
    the original, like every other text."""
    src = version.source
    sev: Severity = "error" if version.status == "published" else "warning"
    both = translated(doc, version)
    needed: tuple[Lang, ...] = LANGS if both else (doc.original,)
    where = "in Japanese and English" if both else f"in {'Japanese' if doc.original == 'ja' else 'English'}"
    if version.impact is None:
        yield _d("TERMS030", sev, "a version after the first needs `impact`", src, version.location(()))
    if version.summary is None or any(version.summary.get(lang) is None for lang in needed):
        yield _d("TERMS031", sev, f"a version after the first needs a summary {where}", src,
                 version.location(("summary",)), ("summary",))
    if version.impact == "adverse":
        if version.reason is None or any(version.reason.get(lang) is None for lang in needed):
            yield _d("TERMS032", sev, f"an adverse change needs a reason {where}", src,
                     version.location(("reason",)), ("reason",))
    if version.impact is None or version.announced is None:
        return
    days = (version.effective - version.announced).days
    if version.impact == "adverse" and days <= 0:
        yield _d("TERMS034", "error",
                 f"adverse change announced {version.announced}, not before it takes effect on {version.effective}",
                 src, version.location(("announced",)), ("announced",),
                 hint="announce it before the effective date: an adverse change not announced in advance has "
                 "no effect (民法548条の4第3項)")
        return
    need = config.notice.days(version.impact)
    if days < need:
        yield _d("TERMS033", "error",
                 f"{version.impact} change announced {days} day(s) before it takes effect; site_config requires "
                 f"{need}", src, version.location(("announced",)), ("announced",),
                 hint=f"announce by {version.effective - dt.timedelta(days=need)} or move `effective` later")


def check_site_config(config: SiteConfig) -> Iterator[Diagnostic]:
    """The site's name is one line of plain text and its address a safe absolute URL."""
    for lang in LANGS:
        name = config.site_name.get(lang)
        if name is not None and _scan_text(name, lang, True) is not None:
            path = ("site_name", lang)
            yield from text_problems(name, lang, (config.source, *config.location(path)), path, "error",
                                     one_line=True)
    problem = site_url_problem(config.site_url)
    if problem:
        yield _d("TERMS036", "error", f"site_url '{reveal_all(config.site_url)}' cannot be used: {problem}",
                 config.source, config.location(("site_url",)), ("site_url",))


T = TypeVar("T")
R = TypeVar("R")


class WorkMap(Protocol):
    """``[fn(item) for item in items]`` in that order, done however the map likes (on other cores);
    ``work`` says how much work the items are in all, for the map to judge what is worth it."""

    def __call__(self, fn: Callable[[T], R], items: Sequence[T], /, *, work: int) -> list[R]: ...


def check_corpus(corpus: Corpus, as_of: dt.date, *, map: WorkMap | None = None) -> list[Diagnostic]:
    """Every rule over every document, and the site settings.

    ``map`` checks the documents (default: one after another, here); the diagnostics are the same,
    in the same order, whatever it is.
    """
    return list(check_site_config(corpus.config)) + _check_documents(corpus, as_of, map)


def _check_documents(corpus: Corpus, as_of: dt.date, map: WorkMap | None) -> list[Diagnostic]:
    docs = corpus.documents

    def check(doc: Document) -> list[Diagnostic]:
        return list(check_document(doc, corpus.config, as_of, corpus))

    if map is None:
        found = [check(doc) for doc in docs]
    else:
        found = map(check, docs, work=sum(len(d.versions) for d in docs))
    return [d for diags in found for d in diags]
