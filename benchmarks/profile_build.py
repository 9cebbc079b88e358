"""Where the time of `terms build` goes: `python benchmarks/profile_build.py [--size small] [--root DIR]`.

Runs one full `terms build` (fresh) in-process under cProfile over a generated repository (or an
existing one with --root) and prints the build's phases, the functions with the most time spent in
them, and the self time grouped by package (termsite, jinja2, mkdocs, material, static-i18n, YAML,
Markdown, ...). `--save FILE` keeps the raw profile for snakeviz or `python -m pstats`.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.generate import AS_OF, SIZES, generate  # noqa: E402
from benchmarks.pdfs import without_pdfs  # noqa: E402

# (label, what a file path contains), first match wins
PACKAGES: list[tuple[str, str]] = [
    ("termsite.source.load (YAML to model)", "termsite/source/load.py"),
    ("termsite.rules.checks/refs", "termsite/rules/checks.py"),
    ("termsite.rules.checks/refs", "termsite/rules/refs.py"),
    ("termsite.compare", "termsite/compare/"),
    ("termsite.site", "termsite/site/"),
    ("termsite.speed", "termsite/speed/"),
    ("termsite (other)", "termsite/"),
    ("templates/*.j2 (compiled)", "/templates/"),
    ("jinja2", "jinja2/"),
    ("markupsafe", "markupsafe/"),
    ("mkdocs_static_i18n", "mkdocs_static_i18n/"),
    ("material", "material/"),
    ("mkdocs search", "mkdocs/contrib/search"),
    ("mkdocs", "mkdocs/"),
    ("Python-Markdown", "markdown/"),
    ("pymdownx", "pymdownx/"),
    ("ruamel.yaml", "ruamel/"),
    ("yaml (PyYAML)", "yaml/"),
    ("jsonschema/fastjsonschema", "jsonschema"),
    ("json", "/json/"),
    ("html.parser", "html/parser"),
    ("re / sre", "/re/"),
    ("import machinery", "<frozen importlib"),
]


def package_of(filename: str) -> str:
    """The package label of a profiled function's file."""
    for label, needle in PACKAGES:
        if needle in filename:
            return label
    if filename.startswith("~") or filename == "":
        return "builtins (C functions)"
    return "other Python"


def report(stats: pstats.Stats, top: int) -> list[str]:
    """Phases, top functions by cumulative and self time, and self time by package."""
    raw = stats.stats  # type: ignore[attr-defined]
    total = max(ct for (_, _, _, ct, _) in raw.values())
    lines = [f"total {total:.2f} s (under cProfile: about 1.5-2x slower than without)", ""]
    phases = [
        ("load YAML (load_corpus)", "termsite/source/load.py", "load_corpus"),
        ("checks (check_corpus)", "termsite/rules/checks.py", "check_corpus"),
        ("render the site's pages (render_site)", "termsite/site/site.py", "render_site"),
        ("  comparison pages (changes._changes)", "termsite/site/changes.py", "_changes"),
        ("    compare() (once per pair)", "termsite/compare/compare.py", "compare"),
        ("    comparison HTML (render_comparison_html)", "termsite/compare/html.py", "render_comparison_html"),
        ("  version pages, in force and archived (_version_page)", "termsite/site/builders.py",
         "_version_page"),
        ("    body view (body_view)", "termsite/site/body.py", "body_view"),
        ("  templates of the site's pages (SiteContext.render)", "termsite/site/context.py", "render"),
        ("write generated sources (write_site)", "termsite/site/write.py", "write_site"),
        ("pages written into the theme's frame, search entries (_write_framed)",
         "termsite/adapters/mkdocs/plugin.py", "_write_framed"),
        ("mkdocs build, both languages (includes everything above)", "mkdocs/commands/build.py", "build"),
        ("  MkDocs per page (_build_page)", "mkdocs/commands/build.py", "_build_page"),
        ("    Material's base.html per page", "material/templates/base.html", "root"),
        ("      its navigation (block site_nav)", "material/templates/base.html", "block_site_nav"),
        ("    search plugin per page (on_page_context)", "material/plugins/search/plugin.py", "on_page_context"),
        ("  static-i18n: the second language's build", "mkdocs_static_i18n/plugin.py", "on_post_build"),
        ("  Python-Markdown (Markdown.convert)", "markdown/core.py", "convert"),
        ("imports", "<frozen importlib._bootstrap>", "_find_and_load"),
    ]
    lines.append("| phase | cumulative s | % |")
    lines.append("|---|---|---|")
    for label, file_part, func in phases:
        found = [(ct, key) for key, (_, _, _, ct, _) in raw.items() if file_part in key[0] and key[2] == func]
        if found:
            ct = max(c for c, _ in found)
            lines.append(f"| {label} | {ct:.2f} | {100 * ct / total:.0f} |")
    lines += ["", f"Top {top} functions by self time:", "", "| self s | cumulative s | calls | function |",
              "|---|---|---|---|"]
    for key, (_, nc, tt, ct, _) in sorted(raw.items(), key=lambda kv: -kv[1][2])[:top]:
        lines.append(f"| {tt:.2f} | {ct:.2f} | {nc} | {_name(key)} |")
    groups: dict[str, float] = defaultdict(float)
    for key, (_, _, tt, _, _) in raw.items():
        groups[package_of(key[0])] += tt
    lines += ["", "Self time by package:", "", "| package | self s | % |", "|---|---|---|"]
    for label, tt in sorted(groups.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {label} | {tt:.2f} | {100 * tt / total:.0f} |")
    return lines


def _name(key: tuple[str, int, str]) -> str:
    filename, line, func = key
    for marker in ("site-packages/", "/tools/", "/lib/python3"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    return f"`{filename}:{line}({func})`"


def main(argv: list[str] | None = None) -> int:
    """Profile one full build and print where its time goes."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--size", choices=list(SIZES), default="small")
    parser.add_argument("--root", type=Path, default=None, help="profile this repository instead of a generated one")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--save", type=Path, default=None, help="write the raw cProfile data here")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="terms-profile-"))
    try:
        root = args.root
        if root is None:
            root = work / "repo"
            generate(root, SIZES[args.size])
            without_pdfs(root)  # as benchmarks/run.py: PDFs are measured apart (benchmarks/pdfs.py)
        os.environ["XDG_CACHE_HOME"] = str(work / "cache")
        os.environ["TERMS_WORKERS"] = "1"  # cProfile sees this process only: do every page here
        from termsite.adapters.cli.main import main as terms

        profiler = cProfile.Profile()
        code = profiler.runcall(terms, ["--root", str(root), "build", "--as-of", AS_OF.isoformat(),
                                        "--site-dir", str(work / "site")])
        if code != 0:
            print(f"profile_build.py: terms build exited with {code}", file=sys.stderr)
            return 1
        if args.save:
            profiler.dump_stats(args.save)
        print("\n".join(report(pstats.Stats(profiler), args.top)))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
