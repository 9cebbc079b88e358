"""The package works installed from a wheel, not only from this checkout: the templates, the schemas
and the theme overrides ship inside it.

The wheel is built offline from a copy of the sources (no build isolation: the setuptools of the
running interpreter), installed without its dependencies into a fresh virtual environment that
reaches the running environment's packages through a ``.pth`` line (they are not installed again:
no network), and ``terms check`` and ``terms build`` run in a copy of the repository that has no
templates of its own: the pages, the assets and Material's overrides all come from the wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _can_build_a_wheel_offline() -> bool:
    """setuptools builds wheels itself from 70.1 on; an older one needs the ``wheel`` package."""
    try:
        import setuptools
    except ImportError:
        return False
    major, minor = (int(p) for p in setuptools.__version__.split(".")[:2])
    if (major, minor) >= (70, 1):
        return True
    try:
        import wheel  # noqa: F401
    except ImportError:
        return False
    return True


def _run(*cmd: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PIP_NO_INDEX"] = "1"
    env["TERMS_NO_CACHE"] = "1"
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{cmd}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh virtual environment with the wheel installed in it."""
    if not _can_build_a_wheel_offline():
        pytest.skip("building the wheel offline needs setuptools>=70.1 (or the wheel package) in this environment")
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    shutil.copytree(REPO / "tools", src / "tools", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", tmp / "dist", src)
    (wheel,) = (tmp / "dist").glob("termsite-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in ("termsite/templates/pages/version.j2", "termsite/templates/email/notice.txt.j2",
                    "termsite/templates/assets/terms.css", "termsite/templates/theme/main.html",
                    "termsite/templates/print/version.html.j2", "termsite/templates/print/pdf.css",
                    "termsite/schemas/version.schema.json", "termsite/py.typed"):
        assert shipped in names, shipped
    venv = tmp / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    _run(base, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel)
    # the dependencies: this environment's site-packages folders, after the venv's own (plain paths: no
    # .pth of theirs is read, so an editable install of this checkout stays out)
    purelib = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    folders = [p for p in sys.path if Path(p).name == "site-packages" and Path(p).is_dir()]
    (purelib / "zz_dependencies.pth").write_text("".join(f + "\n" for f in folders), encoding="utf-8")
    where = _run(python, "-c", "import termsite; print(termsite.__file__)").stdout.strip()
    assert Path(where).is_relative_to(venv), where
    return venv / "bin"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """This repository's terms, settings and mkdocs.yml, and no templates."""
    dest = tmp_path / "repo"
    dest.mkdir()
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "terms", dest / "terms")
    shutil.copytree(REPO / "site_config", dest / "site_config")
    (dest / "docs_generated").mkdir()
    return dest


def test_terms_check_and_build_work_from_the_wheel(installed: Path, repo: Path, tmp_path: Path) -> None:
    _run(installed / "terms", "--root", repo, "check")
    site = tmp_path / "site"
    _run(installed / "terms", "--root", repo, "build", "--as-of", "2026-12-03", "--site-dir", site)
    page = (site / "cloud-resale" / "index.html").read_text(encoding="utf-8")
    assert "terms-" in page  # written from the packaged page templates
    assert (site / "cloud-resale" / "history" / "index.html").is_file()
    assert (site / "feed.xml").is_file() and (site / "api" / "terms.json").is_file()
    assert (site / "404.html").is_file()
    # the packaged theme overrides: the Content-Security-Policy, Material's inline scripts moved to files
    assert 'http-equiv="Content-Security-Policy"' in page and "terms-globals.js" in page
    assert (site / "assets" / "terms" / "terms.css").is_file()  # the packaged assets
    assert (site / "cloud-resale" / "2024-01-01" / "cloud-resale-2024-01-01-ja.pdf").is_file()  # print templates


def test_the_packaged_templates_render_the_announcement(installed: Path, repo: Path) -> None:
    done = _run(installed / "terms", "--root", repo, "notice", "cloud-resale", "2027-01-01", "--lang", "ja")
    assert done.stdout.startswith("【重要】")
