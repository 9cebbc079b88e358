"""How ``compare()`` and the 新旧対照表 grow with the size of a version (issue 11, part 7).

    python benchmarks/diff_scale.py [--sizes 1000,5000,10000] [--repeat 3] [--profile N] [--results DIR]

For each size N it makes, in memory and from a fixed seed, two versions of one document of N articles
(chapters of 50 articles; the articles' texts are the shipped 約款's, each copy made distinct), then
two kinds of revision of it:

* ``stable ids``: 1 % of the articles inserted, 1 % deleted, 2 % reworded (a phrase added in both
  languages), 0.2 % moved to another chapter, so that most articles after an insertion are renumbered;
* ``careless ids``: the same edits, but every article's id renamed from its new number
  (``article-<N>``), as a hand-made version or an import by number would name them: the comparison
  must pair the articles by their content.

It times ``compare()`` (with no memo: the ``terms diff`` case), the text report ``terms diff`` prints,
and the comparison HTML fragment in Japanese and English; the median of ``--repeat`` runs. With
``--profile N`` it prints the cProfile of one comparison of size N (text and HTML included) instead.
Results go to ``benchmarks/results/diff-scale.md``. Not a test: no time is asserted anywhere.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses as dc
import datetime as dt
import io
import os
import platform
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

from termsite.compare.compare import compare  # noqa: E402
from termsite.compare.html import render_comparison_html  # noqa: E402
from termsite.compare.report import render_text  # noqa: E402
from termsite.model.terms import Article, Chapter, Document, Localized, Paragraph, Version  # noqa: E402
from termsite.source.load import load_corpus  # noqa: E402

PER_CHAPTER = 50


def _seed_articles() -> tuple[Document, Version]:
    corpus, _ = load_corpus(REPO)
    doc = corpus.document("cloud-resale")
    assert doc is not None
    return doc, doc.versions[0]


def _distinct(a: Article, k: int) -> Article:
    """Copy ``k`` of a seed article: its first paragraph says which copy it is (no two alike)."""
    p = a.paragraphs[0]
    ja = (p.text.ja if p.text else "") or ""
    en = (p.text.en if p.text else "") or ""
    text = Localized(f"{ja}（第{k}号様式）", f"{en} (form {k})")
    title = Localized(f"{a.title.ja}その{k}" if a.title and a.title.ja else None,
                      f"{a.title.en} {k}" if a.title and a.title.en else None)
    return dc.replace(a, id=f"a{k}", title=title, paragraphs=(dc.replace(p, text=text),) + a.paragraphs[1:])


_WORDS_JA = ["当社", "契約者", "通知", "料金", "期間", "書面", "電子メール", "合意", "解約", "保証", "損害", "届出"]
_WORDS_EN = ["Company", "Customer", "notice", "fee", "term", "writing", "email", "agreement", "termination",
             "warranty", "damage", "filing"]


def _fresh(rng: random.Random, k: int) -> Article:
    """An inserted article unlike any other: its words drawn at random."""
    ja = "".join(rng.choice(_WORDS_JA) + rng.choice("はをにのが、") for _ in range(30)) + "。"
    en = " ".join(rng.choice(_WORDS_EN) for _ in range(40)) + "."
    return Article(f"new{k}", Localized(f"新規定{k}", f"New provision {k}"), (Paragraph(Localized(ja, en)),))


def _reword(a: Article) -> Article:
    p = a.paragraphs[0]
    assert p.text is not None
    text = Localized((p.text.ja or "") + "ただし、法令に別段の定めがある場合を除きます。",
                     (p.text.en or "") + " Unless otherwise provided by law.")
    return dc.replace(a, paragraphs=(dc.replace(p, text=text),) + a.paragraphs[1:])


def _version(base: Version, articles: list[list[Article]], effective: dt.date) -> Version:
    chapters = tuple(Chapter(f"ch{g}", Localized(f"第{g + 1}群", f"Group {g + 1}"), tuple(arts))
                     for g, arts in enumerate(articles))
    return dc.replace(base, effective=effective, chapters=chapters, loose_articles=())


def versions(n: int, careless: bool, seed: int = 11) -> tuple[Document, Version, Version]:
    """Two versions of ``n`` articles, the second revised as the module docstring says."""
    doc, base = _seed_articles()
    seeds = list(base.articles)
    rng = random.Random(seed)
    flat = [_distinct(seeds[k % len(seeds)], k) for k in range(n)]
    old = [flat[g:g + PER_CHAPTER] for g in range(0, n, PER_CHAPTER)]
    new = [list(c) for c in old]
    for _ in range(max(1, n // 100)):  # deletions
        g = rng.randrange(len(new))
        if len(new[g]) > 1:
            new[g].pop(rng.randrange(len(new[g])))
    for k in range(max(1, n // 100)):  # insertions
        g = rng.randrange(len(new))
        new[g].insert(rng.randrange(len(new[g]) + 1), _fresh(rng, k))
    for _ in range(max(1, n // 50)):  # rewordings
        g = rng.randrange(len(new))
        k = rng.randrange(len(new[g]))
        new[g][k] = _reword(new[g][k])
    for _ in range(max(1, n // 500)):  # moves to another chapter
        g, h = rng.randrange(len(new)), rng.randrange(len(new))
        if g != h and len(new[g]) > 1:
            new[h].insert(rng.randrange(len(new[h]) + 1), new[g].pop(rng.randrange(len(new[g]))))
    if careless:
        number = 0
        for c in new:
            for k, a in enumerate(c):
                number += 1
                c[k] = dc.replace(a, id=f"article-{number}")
        number = 0
        for c in old:
            for k, a in enumerate(c):
                number += 1
                c[k] = dc.replace(a, id=f"article-{number}")
    v_old = _version(base, old, dt.date(2030, 1, 1))
    v_new = _version(base, new, dt.date(2031, 1, 1))
    doc = dc.replace(doc, versions=(v_old, v_new))
    return doc, v_old, v_new


def _median(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """The median wall and CPU seconds of ``repeat`` runs (CPU: what a shared machine does not inflate)."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def _s(t: tuple[float, float]) -> str:
    return f"{t[0]:.3f} ({t[1]:.3f})"


def _load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def measure(n: int, careless: bool, repeat: int) -> dict[str, Any]:
    """The times of one size and kind of revision."""
    doc, old, new = versions(n, careless)
    result = compare(doc, old, new)
    counts = result.counts()
    return {
        "articles": f"{len(old.articles)} → {len(new.articles)}",
        "ids": "careless" if careless else "stable",
        "findings": ", ".join(f"{k} {v}" for k, v in counts.items() if v),
        "compare": _median(lambda: compare(doc, old, new), repeat),
        "text": _median(lambda: render_text(compare(doc, old, new), "ja"), repeat),
        "html": _median(lambda: (render_comparison_html(doc, result, "ja"), render_comparison_html(doc, result, "en")),
                        repeat),
    }


def profile(n: int) -> str:
    """The cProfile of one comparison of ``n`` articles with its text and HTML (top 30 by own time)."""
    doc, old, new = versions(n, False)
    prof = cProfile.Profile()
    prof.enable()
    result = compare(doc, old, new)
    render_text(result, "ja")
    render_comparison_html(doc, result, "ja")
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(30)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Run the measurements and write the results table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,5000,10000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", type=int, default=0)
    ap.add_argument("--results", type=Path, default=REPO / "benchmarks" / "results")
    args = ap.parse_args(argv)
    if args.profile:
        print(profile(args.profile))
        return 0
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        for careless in (False, True):
            r = measure(n, careless, args.repeat)
            rows.append(r)
            print(f"{r['articles']:>15} {r['ids']:>8}: compare {_s(r['compare'])}, text {_s(r['text'])}, "
                  f"html ja+en {_s(r['html'])} ({r['findings']})", flush=True)
    lines = [
        "# Benchmark: `terms diff` on large versions",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by `python benchmarks/diff_scale.py`; "
        f"Python {platform.python_version()}, {platform.machine()}; median of {args.repeat} runs, seconds of "
        "wall time (and CPU time) in one process (no memo, as `terms diff` runs). *text* is compare() plus "
        "the text `terms diff` prints; *html* is the comparison fragment in Japanese and English of one "
        f"comparison. Load average at the end: {_load()}.",
        "",
        "| articles | ids | compare s (CPU) | compare + text s (CPU) | html ja+en s (CPU) | findings |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| {r['articles']} | {r['ids']} | {_s(r['compare'])} | {_s(r['text'])} | {_s(r['html'])} | "
              f"{r['findings']} |" for r in rows]
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "diff-scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
