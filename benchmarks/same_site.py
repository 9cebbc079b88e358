"""Build the same terms with the code of two commits and compare the sites byte for byte.

    python benchmarks/same_site.py BASE [--terms shipped|tiny|small|medium|large] [--as-of YYYY-MM-DD]

BASE is any git ref (for a change that must not change behaviour: the commit before it). The terms
are the repository's own (``shipped``, drafts included) or a benchmark repository generated from the
seed. Both builds run without caches, with the same ``--as-of`` and the same templates and settings;
the exit status is 0 when every file is identical, 1 otherwise (the differing files are listed).

The installed ``terms`` MkDocs entry point names the current code's plugin module; when BASE keeps
its plugin elsewhere, its worktree gets a one-line module that imports it from there.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLUGIN = Path("tools/termsite/adapters/mkdocs/plugin.py")
OLD_PLUGINS = ("termsite.adapters.mkdocs_plugin",)


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _worktree(ref: str, dest: Path) -> Path:
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(dest), ref], check=True)
    if not (dest / PLUGIN).exists():
        for old in OLD_PLUGINS:
            if (dest / "tools" / Path(*old.split("."))).with_suffix(".py").exists():
                (dest / PLUGIN).parent.mkdir(parents=True, exist_ok=True)
                (dest / PLUGIN).parent.joinpath("__init__.py").touch()
                (dest / PLUGIN).write_text(f"from {old} import TermsPlugin  # noqa: F401\n", encoding="utf-8")
    return dest


def _terms_repo(code: Path, terms: str, dest: Path) -> Path:
    """A terms repository at ``dest``: the site files of ``code``, the shipped or generated terms."""
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "templates", "site_config", "terms"):
        src = code / name
        if src.exists():  # templates/: a commit before the package held the defaults
            (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    (dest / "docs_generated").mkdir()
    if terms != "shipped":
        sys.path.insert(0, str(REPO / "benchmarks"))
        from generate import SIZES, generate  # type: ignore[import-not-found]

        shutil.rmtree(dest / "terms")
        generate(dest, SIZES[terms])
    return dest


def _build(code: Path, repo: Path, site: Path, as_of: str, drafts: bool) -> None:
    env = {**os.environ, "PYTHONPATH": str(code / "tools"), "TERMS_NO_CACHE": "1"}
    argv = ["--root", str(repo), "build", "--as-of", as_of, "--site-dir", str(site)] + (["--drafts"] if drafts else [])
    script = ("import sys\ntry:\n    from termsite.adapters.cli.main import main\nexcept ImportError:\n"
              "    from termsite.adapters.cli import main\nsys.exit(main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", script, *argv], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"build with {code} failed:\n{done.stderr}")


def main() -> int:
    """Build with BASE's code and with this checkout's, compare; 0 when the sites are identical."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the git ref whose code builds the first site")
    parser.add_argument("--terms", default="shipped", choices=["shipped", "tiny", "small", "medium", "large"])
    parser.add_argument("--as-of", default="2026-12-03")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="same-site-") as tmp:
        work = Path(tmp)
        base = _worktree(args.base, work / "base-code")
        try:
            sites = {}
            for name, code in (("base", base), ("current", REPO)):
                repo = _terms_repo(REPO, args.terms, work / f"{name}-repo")
                _build(code, repo, work / f"{name}-site", args.as_of, drafts=args.terms == "shipped")
                sites[name] = _tree(work / f"{name}-site")
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)], check=False)
        a, b = sites["base"], sites["current"]
        differ = sorted(p for p in a.keys() | b.keys() if a.get(p) != b.get(p))
        print(f"{len(b)} files built by {args.base} and by this checkout from the {args.terms} terms: "
              f"{'identical' if not differ else f'{len(differ)} differ'}")
        for path in differ[:50]:
            where = "bytes differ" if path in a and path in b else "only in " + ("base" if path in a else "current")
            print(f"  {path}: {where}")
        return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
