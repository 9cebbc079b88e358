"""Time the comparison pages (新旧対照表) of a repository, in process, and fingerprint their output.

    PYTHONPATH=tools python benchmarks/comparison_pages.py --root /path/to/repo [--as-of 2026-10-01]

Prints the milliseconds per Japanese and English page (the Japanese page of a pair also runs
``compare``, which the English page reuses), the pair, the median and mean ``compare``, and a
SHA-256 of every page's HTML, title and table of contents: run it with two versions of the code
(``PYTHONPATH=<other checkout>/tools``) to check that they write the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import statistics
import time
from collections import defaultdict
from pathlib import Path

import termsite.site.changes as changes
from termsite.compare.compare import Comparison, compare
from termsite.compare.memo import Memo
from termsite.model.terms import Document, Version
from termsite.site.builders import BUILDERS
from termsite.site.context import SiteContext
from termsite.site.pages import Page
from termsite.source.load import load_corpus
from termsite.speed.memo import comparison_memo

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True, help="the terms repository")
    parser.add_argument("--templates", type=Path, default=REPO / "templates")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args()

    corpus, _ = load_corpus(args.root)
    ctx = SiteContext(corpus, args.as_of, False, args.templates)
    ctx.memo[changes.MEMO_KEY] = comparison_memo()  # as a build has it (termsite.speed.render)
    planned = [p for build in BUILDERS for p in build(ctx)]
    ctx.paths = frozenset(p.path for p in planned)

    compare_times: list[float] = []

    def timed_compare(doc: Document, old: Version, new: Version, *, memo: Memo | None = None) -> Comparison:
        start = time.perf_counter()
        result = compare(doc, old, new, memo=memo)
        compare_times.append(time.perf_counter() - start)
        return result

    setattr(changes, "compare", timed_compare)  # noqa: B010 (the pages call it by that name)
    spent: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    digest = hashlib.sha256()
    for p in planned:
        if "/changes/" not in p.path:
            continue
        lang = "en" if p.path.startswith("en/") else "ja"
        start = time.perf_counter()
        page = p.make()
        assert isinstance(page, Page)
        spent[lang] += time.perf_counter() - start
        count[lang] += 1
        digest.update(repr((page.path, page.title, page.html, page.toc)).encode())
    setattr(changes, "compare", compare)  # noqa: B010

    per_page = {lang: 1000 * spent[lang] / count[lang] for lang in spent}
    for lang, ms in per_page.items():
        print(f"{lang}: {count[lang]} pages, {ms:.2f} ms/page")
    print(f"pair: {sum(per_page.values()):.2f} ms; compare: median {1000 * statistics.median(compare_times):.2f} ms, "
          f"mean {1000 * statistics.mean(compare_times):.2f} ms")
    print(f"sha256 {digest.hexdigest()} over {sum(count.values())} pages")


if __name__ == "__main__":
    main()
