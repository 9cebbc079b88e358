"""How long ``compare`` takes on two 40-article versions (not a test: run it and read the numbers).

    python tests/diff/bench_compare.py

The old version is the shipped 約款 (39 articles) with one article more; the new one inserts an
article near the top (renumbering most of the others), deletes one, rewords three paragraphs and
moves an article to another chapter: the work of a large revision.
"""

from __future__ import annotations

import dataclasses as dc
import statistics
import sys
import timeit
from pathlib import Path

from termsite.compare.compare import compare
from termsite.model.terms import Article, Localized, Paragraph, Version
from termsite.source.load import load_corpus

REPO = Path(__file__).resolve().parents[2]


def _reword(a: Article) -> Article:
    p = a.paragraphs[0]
    assert p.text is not None
    text = Localized((p.text.ja or "") + "ただし、法令に別段の定めがある場合を除きます。",
                     (p.text.en or "").replace("shall", "will", 1))
    return dc.replace(a, paragraphs=(dc.replace(p, text=text),) + a.paragraphs[1:])


def versions() -> tuple[object, Version, Version]:
    corpus, _ = load_corpus(REPO)
    doc = corpus.document("cloud-resale")
    assert doc is not None
    base = doc.versions[0]
    extra = Article("extra", Localized("追加条項", "Extra"), (Paragraph(Localized("追加の条です。", "An extra article.")),))
    chapters = list(base.chapters)
    chapters[-1] = dc.replace(chapters[-1], articles=chapters[-1].articles + (extra,))
    old = dc.replace(base, chapters=tuple(chapters))
    assert len(old.articles) == 40
    new_chapters = [list(c.articles) for c in old.chapters]
    new_chapters[0].insert(1, dc.replace(extra, id="inserted", title=Localized("新条", "New")))
    new_chapters[6].pop()  # one deleted, so both sides have 40 articles
    moved = new_chapters[1].pop(0)
    new_chapters[2].append(moved)
    for g, k in ((2, 0), (3, 1), (6, 1)):
        new_chapters[g][k] = _reword(new_chapters[g][k])
    new = dc.replace(old, chapters=tuple(dc.replace(c, articles=tuple(a)) for c, a in zip(old.chapters, new_chapters,
                                                                                        strict=True)))
    return doc, old, new


def main() -> int:
    doc, old, new = versions()
    result = compare(doc, old, new)  # type: ignore[arg-type]
    print(f"{len(old.articles)} → {len(new.articles)} articles, {len(result.findings)} findings")
    for name, (a, b) in {"changed": (old, new), "identical": (old, old)}.items():
        runs = [t / 10 * 1000 for t in timeit.repeat(lambda a=a, b=b: compare(doc, a, b), number=10, repeat=7)]  # type: ignore[misc, arg-type]
        print(f"compare ({name}): median {statistics.median(runs):.1f} ms, best {min(runs):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
