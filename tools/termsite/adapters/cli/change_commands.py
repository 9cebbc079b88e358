"""``terms diff DOC OLD NEW``: the comparison of two versions for a terminal, a pull request or a browser.

A thin adapter over :mod:`termsite.compare.compare`: load, pick the versions, compare, print.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from termsite.model.terms import Lang

from termsite.adapters.cli.main import UsageError, load, report


def cmd_diff(args: argparse.Namespace) -> int:
    # imported here: `terms check` should not pay for the comparison's modules
    from termsite.compare.compare import compare
    from termsite.compare.html import render_comparison_page
    from termsite.compare.report import render_markdown, render_text
    from termsite.site.env import make_environment

    corpus, diags = load(args.root)
    errors = [d for d in diags if d.is_error]
    doc = corpus.document(args.document)
    folder = f"terms/{args.document}/"
    if doc is None:
        broken = [d for d in errors if d.location.path.startswith(folder)]
        if broken:  # the document exists but does not load: say why instead of "unknown"
            report(broken)
            return 1
        known = ", ".join(d.id for d in corpus.documents) or "none"
        raise UsageError(f"unknown document '{args.document}' (documents: {known})")
    picked = []
    for key in (args.old, args.new):
        version = doc.version(key)
        if version is None:
            broken = [d for d in errors if d.location.path.startswith(f"{folder}{key}.")]
            if broken:
                report(broken)
                return 1
            known = ", ".join(v.key for v in doc.versions) or "none"
            raise UsageError(f"document '{doc.id}' has no version '{key}' (versions: {known})")
        picked.append(version)
    lang: Lang = args.lang or doc.original
    order = corpus.config.comparison_order if args.columns is None else tuple(args.columns.split("-"))
    result = compare(doc, picked[0], picked[1])
    if args.format == "markdown":
        out = render_markdown(result, lang, order)
    elif args.format == "html":
        out = render_comparison_page(doc, result, lang, order, env=make_environment(args.root / "templates"))
    else:
        out = render_text(result, lang)
    sys.stdout.write(out)
    return 0


def register(subparsers: Any) -> None:
    """Add ``terms diff`` to the ``terms`` command line."""
    p = subparsers.add_parser(
        "diff", help="compare two versions of a document (新旧対照表)",
        description="Compare two versions of a document article by article: text for a terminal, "
                    "Markdown for a pull-request comment, HTML for a browser.")
    p.add_argument("document", help="the document id (its folder under terms/)")
    p.add_argument("old", help="the older version: its effective date, YYYY-MM-DD")
    p.add_argument("new", help="the newer version: its effective date, YYYY-MM-DD")
    p.add_argument("--lang", choices=["ja", "en"], default=None,
                   help="the language to compare (default: the document's original language)")
    p.add_argument("--format", choices=["text", "markdown", "html"], default="text")
    p.add_argument("--columns", choices=["new-old", "old-new"], default=None,
                   help="column order of markdown and html (default: comparison_columns in site_config/site.yml)")
    p.set_defaults(func=cmd_diff)
