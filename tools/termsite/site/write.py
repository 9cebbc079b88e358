"""Writing the rendered site as source files for a static site generator.

Each page becomes ``<lang>/<path>index.md``: a front matter block (title, kind, last change,
search exclusion), a comment holding the page's table of contents as JSON, then the finished HTML.
The HTML is never Markdown: the generator's adapter takes it as it is. Static files are written at
their path. Only files whose bytes changed are rewritten, and files no longer produced are removed,
so a watching preview server rebuilds once per real change and never loops.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from termsite.site.pages import Page, Site, TocEntry

TOC_START = "<!-- terms-toc: "
TOC_END = " -->\n"


@dataclass
class WriteReport:
    """Which files a write changed."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def _json(value: Any) -> str:
    # JSON safe inside an HTML comment and a YAML double-quoted scalar
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def toc_data(entries: tuple[TocEntry, ...]) -> list[Any]:
    """A table of contents as plain data (``[[id, title, children], …]``)."""
    return [[e.id, e.title, toc_data(e.children)] for e in entries]


def toc_from_data(data: list[Any]) -> tuple[TocEntry, ...]:
    """The table of contents from its JSON form (``[[id, title, children], …]``)."""
    return tuple(TocEntry(str(i), str(title), toc_from_data(children)) for i, title, children in data)


def page_source(page: Page) -> str:
    """The source file of ``page``: front matter, the table of contents, the HTML."""
    lines = [
        "---",
        f"title: {_json(page.title)}",
        f"terms_kind: {page.kind}",
    ]
    if page.lastmod is not None:
        lines.append(f'lastmod: "{page.lastmod.isoformat()}"')
    if page.description:
        lines.append(f"description: {_json(page.description)}")
    if not page.searchable:
        lines += ["search:", "  exclude: true"]
    lines.append("---")
    head = "\n".join(lines) + "\n"
    return head + TOC_START + _json(toc_data(page.toc)) + TOC_END + page.html


def split_source(text: str) -> tuple[tuple[TocEntry, ...], str]:
    """The table of contents and the HTML of a page source's body (after its front matter)."""
    if not text.startswith(TOC_START):
        return (), text
    end = text.index(TOC_END)
    return toc_from_data(json.loads(text[len(TOC_START):end])), text[end + len(TOC_END):]


def site_files(site: Site) -> dict[str, bytes]:
    """Every file of the site's sources: relative path -> bytes."""
    out = {p.source: page_source(p).encode("utf-8") for p in site.pages}
    for f in site.files:
        out[f.path] = f.content
    return out


def write_site(site: Site, folder: Path) -> WriteReport:
    """Write the sources of ``site`` into ``folder``: only changed files; stale files are removed.

    Names starting with ``.`` (such as ``.gitkeep``) are left alone.
    """
    report = WriteReport()
    wanted = site_files(site)
    folder.mkdir(parents=True, exist_ok=True)
    for rel, data in sorted(wanted.items()):
        path = folder / rel
        try:
            if path.read_bytes() == data:
                report.unchanged += 1
                continue
        except OSError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        report.written.append(rel)
    for path in sorted(folder.rglob("*"), reverse=True):
        rel = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if path.is_file() and rel not in wanted:
            path.unlink()
            report.removed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return report
