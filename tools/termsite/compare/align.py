"""Aligning two sequences (paragraphs and items, table rows, articles) in order.

:func:`align` pairs elements of an old and a new sequence without crossing, maximising the total
similarity. Ties are broken by what the elements contain and by how far they moved, never by which
sequence came first, so aligning ``b`` with ``a`` gives the same pairs turned round: that is what
makes ``compare(b, a)`` the mirror of ``compare(a, b)``.
"""

from __future__ import annotations

import difflib
import functools
from collections import Counter
from collections.abc import Callable, Sequence

# Beyond this many candidate pairs the quadratic search is replaced by difflib on exact keys (a
# pathological edit of hundreds of paragraphs at once; the result is still correct, only plainer).
_MAX_CELLS = 40_000

Score = tuple[int, int, int]


def similarity(a: str, b: str) -> int:
    """How alike two texts are, 0 to 1000: the Dice coefficient of their character pairs.

    Symmetric and integer, so that sums do not depend on the order they were added in."""
    if a == b:
        return 1000
    if not a or not b:
        return 0
    ga, gb = _grams(a), _grams(b)
    total = sum(ga.values()) + sum(gb.values())
    if len(gb) < len(ga):
        ga, gb = gb, ga
    common = 0  # sum((ga & gb).values()), without making the intersection
    for gram, n in ga.items():
        m = gb.get(gram)
        if m:
            common += n if n < m else m
    return min(999, 2000 * common // total) if total else 0


@functools.lru_cache(maxsize=4096)
def _grams(text: str) -> Counter[str]:
    # Kept: alignment compares each block with every candidate on the other side. Never mutated.
    if len(text) < 2:
        return Counter(text)
    return Counter(map(str.__add__, text, text[1:]))


def align(
    old: Sequence[str],
    new: Sequence[str],
    weight: Callable[[int, int], int],
) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` of ``old[i]`` and ``new[j]``, increasing in both.

    ``old`` and ``new`` are the elements' keys (equal keys mean equal elements); ``weight(i, j)`` is
    how much pairing them is worth (0: never pair them). The result maximises the total weight, then
    keeps elements near their place, then prefers keeping the elements with the larger keys."""
    n, m = len(old), len(new)
    head = 0
    while head < n and head < m and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < n - head and tail < m - head and old[n - 1 - tail] == new[m - 1 - tail]:
        tail += 1
    pairs = [(k, k) for k in range(head)]
    mid_old = range(head, n - tail)
    mid_new = range(head, m - tail)
    if len(mid_old) and len(mid_new):
        if len(mid_old) * len(mid_new) > _MAX_CELLS:
            pairs += _align_plain(old, new, mid_old, mid_new)
        else:
            pairs += _align_weighted(old, new, mid_old, mid_new, weight)
    pairs += [(n - tail + k, m - tail + k) for k in range(tail)]
    return pairs


def _align_weighted(
    old: Sequence[str], new: Sequence[str], rows: range, cols: range, weight: Callable[[int, int], int]
) -> list[tuple[int, int]]:
    weights: dict[tuple[int, int], int] = {}
    for i in rows:
        for j in cols:
            w = weight(i, j)
            if w > 0:
                weights[(i, j)] = w
    # A unique bit per candidate pair, ranked by content and by position measured the same way in
    # both directions; it makes the best alignment unique, hence symmetric.
    ranked = sorted(weights, key=lambda p: (min(old[p[0]], new[p[1]]), max(old[p[0]], new[p[1]]),
                                            min(p), max(p)))
    bit = {p: 1 << r for r, p in enumerate(ranked)}
    zero: Score = (0, 0, 0)
    h, w_ = len(rows), len(cols)
    best: list[list[Score]] = [[zero] * (w_ + 1) for _ in range(h + 1)]
    for a in range(1, h + 1):
        i = rows[a - 1]
        row, prev = best[a], best[a - 1]
        for b in range(1, w_ + 1):
            j = cols[b - 1]
            value = max(prev[b], row[b - 1])
            if (i, j) in weights:
                d = prev[b - 1]
                take = (d[0] + weights[(i, j)], d[1] - abs(i - j), d[2] + bit[(i, j)])
                value = max(value, take)
            row[b] = value
    out: list[tuple[int, int]] = []
    a, b = h, w_
    while a > 0 and b > 0:
        i, j = rows[a - 1], cols[b - 1]
        if best[a][b] == best[a - 1][b]:
            a -= 1
        elif best[a][b] == best[a][b - 1]:
            b -= 1
        else:
            out.append((i, j))
            a, b = a - 1, b - 1
    out.reverse()
    return out


def _align_plain(old: Sequence[str], new: Sequence[str], rows: range, cols: range) -> list[tuple[int, int]]:
    a = list(old[rows.start : rows.stop])
    b = list(new[cols.start : cols.stop])
    out = []
    for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        out += [(rows.start + block.a + k, cols.start + block.b + k) for k in range(block.size)]
    return out


def common_order(old: Sequence[str], new: Sequence[str]) -> set[str]:
    """The keys present in both that keep their relative order (the rest moved).

    The longest common subsequence, ties broken by content, so the result is symmetric."""
    shared = set(old) & set(new)
    a = [k for k in old if k in shared]
    b = [k for k in new if k in shared]
    if a == b:
        return set(a)
    pairs = align(a, b, lambda i, j: 1000 if a[i] == b[j] else 0)
    return {a[i] for i, _ in pairs}
