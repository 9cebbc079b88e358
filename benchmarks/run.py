"""The performance benchmark of issue 6: `python benchmarks/run.py [--size tiny|small|medium|large]`.

It generates a realistic terms repository in a temporary folder (benchmarks/generate.py), then
measures as whole processes `terms check`, a full `terms build` (fresh: no generated pages, no
cache), a second build with nothing changed and a rebuild after one version file changed (builds
without PDFs: their cost is measured apart, in-process, by benchmarks/pdfs.py); builds
the same version pages as plain Markdown with Hugo and with plain MkDocs + Material + static-i18n;
times the comparison of two 40-article versions in-process; prints a Markdown table (also written
to benchmarks/results/<size>.md) and, as its last line,

    ratio_vs_hugo=X.XX ratio_vs_mkdocs=Y.YY

(this project's full build time divided by Hugo's, and by MkDocs'). `--scaling` instead measures
the full build at three sizes to show how the time per version grows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
import os
import shutil
import statistics
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.baselines import (  # noqa: E402
    REQUIREMENTS,
    hugo_binary,
    markdown_pages,
    write_hugo_site,
    write_mkdocs_site,
)
from benchmarks.generate import AS_OF, SIZES, Size, generate, touch_one_version  # noqa: E402
from benchmarks.measure import Measurement, count_pages, machine, run, tree_digest  # noqa: E402
from benchmarks.pdfs import rows as pdf_rows  # noqa: E402
from benchmarks.pdfs import time_pdfs, without_pdfs  # noqa: E402

RESULTS = HERE / "results"
SOURCES = {"mkdocs.yml", "templates", "site_config", "terms"}
"""What a terms repository holds before any build; everything else in it is output or cache."""


class BenchmarkError(Exception):
    """A step failed: the message says which and shows its output."""


def say(text: str) -> None:
    """Progress, on stderr: stdout keeps the table and the final line."""
    print(text, file=sys.stderr, flush=True)


def terms_command() -> list[str]:
    """How to start `terms` as a user does, without a shell wrapper in front of it."""
    script = Path(sysconfig.get_path("scripts")) / "terms"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from termsite.adapters.cli.main import main; sys.exit(main())"]


def checked(what: str, m: Measurement) -> Measurement:
    """``m``, or a BenchmarkError if the process failed."""
    if m.returncode != 0:
        raise BenchmarkError(f"{what} failed with exit code {m.returncode}:\n{m.output[-4000:]}")
    return m


def fresh(repo: Path, cache: Path) -> None:
    """Remove everything a build leaves in the repository, and the cache folder."""
    for entry in repo.iterdir():
        if entry.name not in SOURCES:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)


@dataclass
class Row:
    """A line of the results table."""

    step: str
    m: Measurement | None
    pages: int | None = None
    note: str = ""

    def cells(self) -> list[str]:
        if self.m is None:
            return [self.step, "", "", "", "", "", self.note]
        pps = f"{self.pages / self.m.wall:.0f}" if self.pages else ""
        return [self.step, f"{self.m.wall:.2f}", f"{self.m.cpu:.2f}", f"{self.m.peak_mb:.0f}",
                str(self.pages or ""), pps, self.note]


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table."""
    return ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|",
            *["| " + " | ".join(r) + " |" for r in rows]]


def time_compare(repo: Path, doc_id: str) -> tuple[float, float, float, float, int]:
    """In-process, as `terms diff` runs: (first call, median, max) ms of comparing each pair of
    successive versions of one document, the median ms of compare + the comparison page in both
    languages, and the mean number of articles per version.

    Only that document is loaded, and the garbage collector runs before each timed call, so that a
    collection of objects the comparison did not make is not counted as its time.
    """
    from termsite.compare.compare import compare
    from termsite.compare.html import render_comparison_page
    from termsite.model.terms import LANGS
    from termsite.site.env import make_environment
    from termsite.source.load import load_document
    from termsite.speed.memo import comparison_memo

    env = make_environment()

    doc, _ = load_document(repo / "terms" / doc_id, repo)
    memo = comparison_memo()  # the pairs share it, as the comparison pages of a build do
    if doc is None:
        raise BenchmarkError(f"{doc_id} cannot be loaded")
    pairs = list(zip(doc.versions, doc.versions[1:], strict=False))
    times: list[float] = []
    rendered: list[float] = []
    for old, new in pairs * 3:
        gc.collect()
        start = time.perf_counter()
        result = compare(doc, old, new, memo=memo)
        times.append((time.perf_counter() - start) * 1000)
        for lang in LANGS:
            render_comparison_page(doc, result, lang, env=env, memo=memo)
        rendered.append((time.perf_counter() - start) * 1000)
    articles = round(statistics.mean(len(v.articles) for v in doc.versions))
    return times[0], statistics.median(times), max(times), statistics.median(rendered), articles


def env_with_cache(cache: Path, work: Path) -> dict[str, str]:
    """The environment of every measured process: caches under the benchmark's own folder.

    Python's bytecode cache is on, as on a developer's machine or a CI runner (this sandbox sets
    PYTHONDONTWRITEBYTECODE, which would recompile every module of every run), and kept apart from
    the source tree; it is not the build cache that `fresh` removes.
    """
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(cache)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("TERMS_AS_OF", None)
    return env


def warm_up(work: Path, terms: list[str], env: dict[str, str], seed: int) -> None:
    """Build a tiny repository once, unmeasured: Python compiles its bytecode, the OS caches the
    packages, so the first measured step does not pay for what every later run gets for free."""
    repo = work / "warm-up"
    generate(repo, Size(1, 2), seed=seed)
    as_of = ["--as-of", AS_OF.isoformat()]
    checked("warm-up check", run([*terms, "--root", repo, "check", *as_of], env=env))
    checked("warm-up build", run([*terms, "--root", repo, "build", *as_of, "--site-dir", work / "warm-up-site"],
                                 env=env))
    shutil.rmtree(repo, ignore_errors=True)
    shutil.rmtree(work / "warm-up-site", ignore_errors=True)


def repeated(what: str, cmd: Sequence[str | Path], env: dict[str, str], times: int,
             before: Callable[[], object] | None = None, cwd: Path | None = None) -> Measurement:
    """Run ``cmd`` ``times`` times (``before`` each run) and keep the run with the median wall time."""
    runs = []
    for _ in range(times):
        if before is not None:
            before()
        runs.append(checked(what, run(cmd, cwd=cwd, env=env)))
    return sorted(runs, key=lambda m: m.wall)[len(runs) // 2]


def benchmark(size_name: str, size: Size, work: Path, hugo: Path, opts: argparse.Namespace) -> int:
    """The whole benchmark at one size; prints the table and the ratio line."""
    seed, times = opts.seed, opts.repeat
    ran_on = machine()  # before the run: the code measured is the code at the start
    repo, cache = work / "repo", work / "cache"
    say(f"generating {size.documents} documents x {size.versions} versions in {repo} ...")
    start = time.perf_counter()
    files = generate(repo, size, seed=seed)
    without_pdfs(repo)  # the builds measured make no PDF: their cost is measured apart (benchmarks/pdfs.py)
    yaml_mb = sum(f.stat().st_size for f in files) / 1e6
    say(f"  {len(files)} version files, {yaml_mb:.1f} MB of YAML, in {time.perf_counter() - start:.0f} s")
    env = env_with_cache(cache, work)
    terms = terms_command()
    as_of = ["--as-of", AS_OF.isoformat()]
    site = work / "site"
    say("warming up (unmeasured) ...")
    warm_up(work, terms, env, seed)
    check_cmd: list[str | Path] = [*terms, "--root", repo, "check", *as_of]
    build: list[str | Path] = [*terms, "--root", repo, "build", *as_of, "--site-dir", site]
    rows: list[Row] = []

    def clean() -> None:
        fresh(repo, cache)

    say("terms check ...")
    check = repeated("terms check", check_cmd, env, times, clean)
    rows.append(Row("`terms check`, fresh (no cache)", check, note=f"{len(files)} versions, {yaml_mb:.1f} MB YAML"))

    say("terms build (full, fresh) ...")
    full = repeated("terms build (full)", build, env, times, clean)
    pages = count_pages(site)
    full_digest = tree_digest(site)
    rows.append(Row("`terms build`, full (fresh: no generated pages, no cache)", full, pages))

    say("terms build (nothing changed) ...")
    again = repeated("terms build (nothing changed)", build, env, times)
    same = tree_digest(site) == full_digest
    rows.append(Row("`terms build`, nothing changed", again, count_pages(site),
                    "output identical to the full build" if same else "**output differs from the full build**"))

    say("terms build (one version changed) ...")
    changed_file = files[size.versions - 1]  # the latest version of the first document
    one = repeated("terms build (one version changed)", build, env, times, lambda: touch_one_version(changed_file))
    note = f"changed {changed_file.relative_to(repo)}"
    if opts.verify:
        say("  verifying against a fresh full build ...")
        reference = work / "site-reference"
        fresh(repo, cache)
        checked("terms build (reference)", run([*terms, "--root", repo, "build", *as_of, "--site-dir", reference],
                                               env=env))
        identical = tree_digest(reference) == tree_digest(site)
        note += "; identical to a fresh build" if identical else "; **differs from a fresh build**"
    rows.append(Row("`terms build`, one version changed", one, count_pages(site), note))

    say("terms check (again: whatever the builds cached is warm) ...")
    check_warm = repeated("terms check (warm)", check_cmd, env, times)
    rows.append(Row("`terms check`, again after the builds (caches warm)", check_warm))

    say("plain Markdown pages for the baselines ...")
    from termsite.source.load import load_corpus

    corpus, _ = load_corpus(repo)
    md = markdown_pages(corpus)
    md_kb = statistics.mean(len(p.body.encode()) for p in md) / 1024
    ja_kb = statistics.mean(len(p.body.encode()) for p in md if p.lang == "ja") / 1024
    en_kb = statistics.mean(len(p.body.encode()) for p in md if p.lang == "en") / 1024
    hugo_dir, mk_dir = work / "hugo", work / "mkdocs"
    write_hugo_site(hugo_dir, md)
    write_mkdocs_site(mk_dir, md)

    say("hugo ...")
    hugo_m = repeated("hugo", [hugo, "--quiet", "--source", hugo_dir, "--destination", hugo_dir / "public",
                               "--cacheDir", cache / "hugo"], env, times,
                      lambda: shutil.rmtree(hugo_dir / "public", ignore_errors=True))
    rows.append(Row("Hugo, same version pages as Markdown", hugo_m, count_pages(hugo_dir / "public"),
                    f"{len(md)} pages of {md_kb:.0f} KB (ja {ja_kb:.0f} KB, en {en_kb:.0f} KB)"))

    say("mkdocs + material + static-i18n (this takes the longest) ...")
    mk = repeated("mkdocs build", [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", mk_dir / "mkdocs.yml"],
                  env, 1 if opts.once_mkdocs else times, cwd=mk_dir)
    rows.append(Row("MkDocs + Material + static-i18n, same pages", mk, count_pages(mk_dir / "site"),
                    "search on, full navigation, defaults"))

    say("comparing versions in-process ...")
    first_ms, median_ms, max_ms, render_ms, articles = time_compare(repo, changed_file.parent.name)

    say("PDFs (in-process, apart from the build) ...")
    pdf_steps = time_pdfs(repo, changed_file, cache / "pdf")

    ratio_hugo = full.wall / hugo_m.wall
    ratio_mkdocs = full.wall / mk.wall
    peak = max(r.m.peak_mb for r in rows if r.m is not None and r.step.startswith("`terms"))
    runs = f"median of {times} runs per step" if times > 1 else "one run per step"
    if times > 1 and opts.once_mkdocs:
        runs += " (MkDocs: one run)"
    lines = [f"# Benchmark: `{size_name}` ({size.documents} documents x {size.versions} versions = "
             f"{size.total} versions)", "",
             f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, as of {AS_OF}, seed {seed}, {runs}. "
             "Wall and CPU seconds of the whole process; peak MiB is its maximum resident memory.", ""]
    lines += table(["machine", ""], [list(x) for x in ran_on]) + [""]
    lines += table(["step", "wall s", "CPU s", "peak MiB", "pages", "pages/s", "notes"],
                   [r.cells() for r in rows]) + [""]
    lines += table(["in-process", "ms"], [
        [f"`compare()` of two successive versions (~{articles} articles), first call", f"{first_ms:.1f}"],
        ["`compare()`, median / max over the document's pairs x3", f"{median_ms:.1f} / {max_ms:.1f}"],
        ["`compare()` + comparison page in ja and en, median", f"{render_ms:.1f}"],
    ]) + [""]
    lines += table(["PDFs (apart from the build: every published version and notice, ja and en, on the build's "
                    "workers)", "wall s", "PDFs", "made", "from the store", "s per PDF made", "MB"],
                   pdf_rows(pdf_steps)) + [""]
    lines += table(["target (issue 6, on `large`)", "measured", "met"], [
        ["full build within 3x Hugo", f"{ratio_hugo:.2f}x", _yes(ratio_hugo <= 3)],
        ["full build at least 10x faster than MkDocs", f"{mk.wall / full.wall:.1f}x faster",
         _yes(mk.wall / full.wall >= 10)],
        ["nothing changed: at least 3x faster than full", f"{full.wall / again.wall:.1f}x faster",
         _yes(full.wall / again.wall >= 3)],
        ["one version changed: little more than nothing changed", f"{one.wall / again.wall:.2f}x the no-change build",
         _yes(one.wall / again.wall <= 1.5)],
        ["`terms check` under 2 s (fresh / warm)", f"{check.wall:.2f} s / {check_warm.wall:.2f} s",
         _yes(check.wall < 2) + " / " + _yes(check_warm.wall < 2)],
        ["comparison of two 40-article versions under 50 ms", f"{max_ms:.1f} ms (max)", _yes(max_ms < 50)],
        ["peak memory under 1 GB", f"{peak:.0f} MiB", _yes(peak < 1024)],
    ]) + [""]
    lines += [f"By CPU time instead of wall time (less sensitive to other load on the machine): "
              f"{full.cpu / hugo_m.cpu:.2f}x Hugo, {full.cpu / mk.cpu:.2f}x MkDocs.", ""]
    lines.append(f"ratio_vs_hugo={ratio_hugo:.2f} ratio_vs_mkdocs={ratio_mkdocs:.2f}")
    opts.results.mkdir(parents=True, exist_ok=True)
    (opts.results / f"{size_name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines), flush=True)
    return 0


def _yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


def scaling(size_name: str, size: Size, work: Path, seed: int, results: Path) -> int:
    """Full builds at a third, two thirds and all of ``size``'s documents.

    Each process pays a fixed start-up cost (imports, MkDocs' theme, static files), so the time per
    version falls as the size grows even when the work is linear; what shows linearity is the cost of
    each added version: equal increments from the first step to the second and the second to the third.
    """
    terms = terms_command()
    as_of = ["--as-of", AS_OF.isoformat()]
    rows: list[list[str]] = []
    points: list[tuple[int, float]] = []
    for k in (1, 2, 3):
        step = Size(max(1, math.ceil(size.documents * k / 3)), size.versions)
        repo, cache, site = work / f"repo-{k}", work / f"cache-{k}", work / f"site-{k}"
        say(f"scaling: {step.documents} x {step.versions} = {step.total} versions ...")
        generate(repo, step, seed=seed)
        env = env_with_cache(cache, work)
        if k == 1:
            say("warming up (unmeasured) ...")
            warm_up(work, terms, env, seed)
        fresh(repo, cache)
        check = checked("terms check", run([*terms, "--root", repo, "check", *as_of], env=env))
        fresh(repo, cache)
        full = checked("terms build", run([*terms, "--root", repo, "build", *as_of, "--site-dir", site], env=env))
        points.append((step.total, full.wall))
        marginal = ""
        if len(points) > 1:
            (v0, t0), (v1, t1) = points[-2], points[-1]
            marginal = f"{(t1 - t0) / (v1 - v0) * 1000:.1f}"
        rows.append([str(step.documents), str(step.total), f"{check.wall:.2f}", f"{full.wall:.2f}",
                     f"{full.cpu:.2f}", f"{full.peak_mb:.0f}", str(count_pages(site)),
                     f"{full.wall / step.total * 1000:.1f}", marginal])
        shutil.rmtree(repo, ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
    (v1, t1), (v2, t2), (v3, t3) = points
    first, second = (t2 - t1) / (v2 - v1), (t3 - t2) / (v3 - v2)
    slope, intercept = _fit(points)
    growth = second / first if first > 0 else float("inf")
    lines = [f"# Scaling: `{size_name}` at a third, two thirds and all of its documents", ""]
    lines += [*table(["machine", ""], [list(x) for x in machine()]), ""]
    lines += [*table(["documents", "versions", "check s", "build wall s", "build CPU s", "peak MiB", "pages",
                      "build ms per version", "ms per added version"], rows), ""]
    lines.append(f"Least-squares line: build = {intercept:.2f} s + {slope * 1000:.1f} ms x versions. "
                 f"Cost of an added version, second step / first step: {growth:.2f} "
                 "(1.00 is linear; above 1, growing faster than linear).")
    lines += ["", f"scaling_marginal_ratio={growth:.2f}"]
    results.mkdir(parents=True, exist_ok=True)
    (results / f"scaling-{size_name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines), flush=True)
    return 0


def _fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Slope and intercept of the least-squares line through ``points``."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    return slope, my - slope * mx


def main(argv: list[str] | None = None) -> int:
    """The benchmark's command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--size", choices=list(SIZES), default="small",
                        help="small (3x10, about a minute), medium (10x15), large (30x15, the issue's targets); "
                             "tiny is for the tests")
    parser.add_argument("--scaling", action="store_true",
                        help="measure the full build at 1/3, 2/3 and all of the size's documents instead")
    parser.add_argument("--verify", action="store_true",
                        help="also compare the one-version rebuild with a fresh full build (one more build)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="work in this folder and keep it (default: a temporary folder, removed)")
    parser.add_argument("--seed", type=int, default=6, help="the generator's seed (default: 6)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run every measured step N times and report the run with the median wall time")
    parser.add_argument("--once-mkdocs", action="store_true",
                        help="with --repeat, build the MkDocs baseline only once (it takes minutes on large)")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help="where to write <size>.md (default: benchmarks/results)")
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    hugo = hugo_binary()
    if hugo is None and not args.scaling:
        print("benchmarks/run.py: Hugo is not installed: the benchmark compares with Hugo's build.\n"
              f"Install the benchmark's requirements first:  pip install -r {os.path.relpath(REQUIREMENTS)}",
              file=sys.stderr)
        return 2
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="terms-bench-"))
    if args.keep and work.exists() and any(work.iterdir()):
        print(f"benchmarks/run.py: --keep {work} is not empty; give an empty or new folder", file=sys.stderr)
        return 2
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.scaling:
            return scaling(args.size, size, work, args.seed, args.results)
        assert hugo is not None
        return benchmark(args.size, size, work, hugo, args)
    except BenchmarkError as exc:
        print(f"benchmarks/run.py: {exc}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
