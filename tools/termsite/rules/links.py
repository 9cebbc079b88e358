"""The links of a version's texts: the form, the scheme, and whether an internal link lands.

``[label](target)`` (:mod:`termsite.model.links`) may lead to ``https://``, ``http://`` and
``mailto:`` addresses, to a provision of the same version (``#id``), or to another document of the
repository (``doc``, ``doc#id``: the version of that document in force on the citing version's
effective date). Like every defect of a text, a bad link is an error in a version that can still
change and a warning in published history (a correction is a new version); the pages never make a
link of a target these rules refuse, whatever the severity.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from termsite.diagnostics.codes import CODES
from termsite.diagnostics.diagnostic import Diagnostic, Location, Severity
from termsite.model.links import internal, kind, near_links, spans, target_problem
from termsite.model.terms import LANGS, Document, KeyPath, Version
from termsite.model.text_safety import reveal_all
from termsite.rules.traverse import TextAt
from termsite.source.problems import key_path_str

_FORBIDDEN_IN_TARGET = " \t()<>\"'\\"


def provision_ids(version: Version) -> frozenset[str]:
    """The ids a link can name in ``version``: chapters, articles, sections, 附則 and 別紙."""
    ids = {c.id for c in version.chapters}
    for a in version.articles:
        ids.add(a.id)
        ids.update(s.id for s in a.sections)
    ids.update(s.id for s in version.supplementary)
    ids.update(a.id for a in version.appendices)
    return frozenset(ids)


_IDS: dict[int, tuple[Version, frozenset[str]]] = {}


def _ids(version: Version) -> frozenset[str]:
    known = _IDS.get(id(version))
    if known is not None and known[0] is version:
        return known[1]
    found = provision_ids(version)
    if len(_IDS) > 4096:
        _IDS.clear()
    _IDS[id(version)] = (version, found)
    return found


def cited_version(target: Document, citing: Version) -> Version | None:
    """The version of ``target`` a link of ``citing`` leads to: the one in force on the citing
    version's effective date (a draft may cite drafts, published text only published versions)."""
    found = None
    for v in target.versions:
        if v.effective <= citing.effective and (v.status == "published" or citing.status == "draft"):
            found = v
    return found


def _d(code: str, sev: Severity, msg: str, version: Version, path: KeyPath, hint: str | None = None) -> Diagnostic:
    line, col = version.location(path)
    return Diagnostic(code, sev, msg, Location(version.source, line, col),
                      hint=CODES[code][1] if hint is None else hint, key=key_path_str(path))


def link_problems(doc: Document, version: Version, sev: Severity, all_texts: list[TextAt],
                  documents: Mapping[str, Document] | None) -> Iterator[Diagnostic]:
    """Every problem of the links of ``version``'s texts; ``sev`` is the severity of a defect of the
    text (a warning in published history). ``documents`` are the repository's documents by id
    (``None``: not known, links to other documents are not judged)."""
    for t in all_texts:
        for lang in LANGS:
            value = t.text.get(lang)
            if value is None or "](" not in value:
                continue
            path = (*t.text.path, lang)
            for offset, label, target, stop in near_links(value):
                written = value[offset:offset + len(label) + len(target) + 3 + len(stop)]
                yield _d("TERMS061", sev, f"'{reveal_all(_cut(written))}' at character {offset + 1} of the "
                         f"text is not a link: {_near_problem(label, target, stop)}", version, path)
            for start, _end, link in spans(value):
                where = f"the link '{reveal_all(_cut(link.markup))}' at character {start + 1} of the text"
                problem = target_problem(link.target)
                if problem is not None:
                    yield _d("TERMS060", sev, f"{where} cannot be followed: {problem}", version, path)
                    continue
                yield from _internal_problems(doc, version, sev, link.target, where, path, documents)


def _cut(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width] + "…"


def _near_problem(label: str, target: str, stop: str) -> str:
    if not label.strip():
        return "its label is empty (write the text the reader sees between [ and ])"
    bad = next((ch for ch in target if ch in _FORBIDDEN_IN_TARGET), None)
    if bad is None and stop == "(":
        bad = "("
    if bad is not None:
        shown = "a space" if bad == " " else "a tab" if bad == "\t" else f"'{bad}'"
        found = f"its target holds {shown}, which a link target cannot (percent-encode it in a URL)"
        problem = target_problem(target) if target else None
        if kind(target) is None and problem is not None and "not allowed" in problem:
            found += f"; and {problem}"
        return found
    if not target:
        return "its target is empty"
    return "it has no closing parenthesis"


def _internal_problems(doc: Document, version: Version, sev: Severity, target: str, where: str, path: KeyPath,
                       documents: Mapping[str, Document] | None) -> Iterator[Diagnostic]:
    parts = internal(target)
    if parts is None:
        return
    doc_id, provision = parts
    if doc_id is None or doc_id == doc.id:
        if provision is not None and provision not in _ids(version):
            yield _d("TERMS062", sev, f"{where}: this version has no provision with id '{provision}'",
                     version, path)
        return
    if documents is None:
        return
    other = documents.get(doc_id)
    if other is None:
        known = ", ".join(sorted(documents)) or "none"
        yield _d("TERMS063", sev, f"{where}: the repository has no document '{doc_id}' (documents: {known})",
                 version, path)
        return
    if provision is None:
        return
    cited = cited_version(other, version)
    if cited is not None and provision in _ids(cited):
        return
    elsewhere = _versions_with(other, provision)
    on = f"in force on {version.effective}" if cited is None else f"{cited.key}, in force on {version.effective}"
    if elsewhere:
        yield _d("TERMS064", "warning", f"{where}: '{provision}' is not in the version of '{doc_id}' {on} "
                 f"(it is in {', '.join(elsewhere)})", version, path)
    elif cited is None:
        yield _d("TERMS063", sev, f"{where}: '{doc_id}' has no version in force on {version.effective}",
                 version, path)
    else:
        yield _d("TERMS063", sev, f"{where}: '{doc_id}' {cited.key} has no provision with id '{provision}'",
                 version, path)


def _versions_with(doc: Document, provision: str) -> tuple[str, ...]:
    return tuple(v.key for v in doc.versions if provision in _ids(v))
