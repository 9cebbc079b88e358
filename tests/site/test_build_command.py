"""``terms build`` / ``terms serve`` and ``mkdocs build``: failures leave the old site, same input gives
the same bytes, errors print like ``terms check``, strict MkDocs passes, the preview reloads."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .helpers import AS_OF, DEMO, DEMO_AS_OF, build, make_repo, override, run_terms, tree_digest

pytestmark = pytest.mark.slow


def test_same_sources_and_day_give_a_byte_identical_site(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    sites = []
    for n, seed in enumerate(("1", "2")):
        site = tmp_path / f"site{n}"
        # separate processes with different hash seeds: no set or dict order may leak into the output
        done = run_terms("--root", str(repo), "build", "--as-of", AS_OF.isoformat(), "--site-dir", str(site),
                         env={"PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        sites.append(tree_digest(site))
    assert sites[0] == sites[1]
    assert "sitemap.xml.gz" in sites[0] and "search/search_index.json" in sites[0]


def test_a_yaml_error_stops_the_build_with_the_check_diagnostics_and_keeps_the_old_site(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", terms_from=DEMO)
    site = tmp_path / "site"
    code, err = build(repo, site, as_of=DEMO_AS_OF)
    assert code == 0, err
    before = tree_digest(site)
    version = repo / "terms" / "demo" / "2025-04-01.yml"
    version.write_text(version.read_text(encoding="utf-8").replace("status: published", "status: [published"),
                       encoding="utf-8")
    code, err = build(repo, site, as_of=DEMO_AS_OF)
    check = run_terms("--root", str(repo), "check", "--as-of", DEMO_AS_OF.isoformat())
    assert code == 1 and check.returncode == 1
    assert check.stderr.strip() and check.stderr.strip() in err
    assert "terms/demo/2025-04-01.yml:" in err and "TERMS002" in err
    assert "Traceback" not in err
    assert tree_digest(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-staging")]


def test_markup_in_a_text_stops_the_build(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", terms_from=DEMO)
    version = repo / "terms" / "demo" / "2025-09-01.yml"
    version.write_text(version.read_text(encoding="utf-8").replace(
        "表現を整えました。", "<script>alert(1)</script>"), encoding="utf-8")
    code, err = build(repo, tmp_path / "site", as_of=DEMO_AS_OF)
    assert code == 1
    assert "terms/demo/2025-09-01.yml:" in err and "TERMS018" in err
    assert not (tmp_path / "site").exists()


def test_a_template_mistake_fails_cleanly_and_keeps_the_old_site(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", terms_from=DEMO)
    site = tmp_path / "site"
    assert build(repo, site, as_of=DEMO_AS_OF)[0] == 0
    before = tree_digest(site)
    hub = override(repo, "pages/hub.j2")
    hub.write_text(hub.read_text(encoding="utf-8") + "{% if %}", encoding="utf-8")
    code, err = build(repo, site, as_of=DEMO_AS_OF)
    assert code == 1
    assert "hub.j2" in err and "Traceback" not in err
    assert tree_digest(site) == before


def test_mkdocs_build_strict_passes_with_the_shipped_terms(real_repo: Path, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "out")],
                          cwd=real_repo, capture_output=True, text=True, timeout=300, check=False,
                          env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1",
                               "TERMS_AS_OF": AS_OF.isoformat()})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "cloud-resale" / "index.html").is_file()
    assert (tmp_path / "out" / "en" / "404.html").is_file()


def test_mkdocs_build_stops_on_errors_with_their_locations(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", terms_from=DEMO)
    version = repo / "terms" / "demo" / "2025-04-01.yml"
    version.write_text(version.read_text(encoding="utf-8").replace("effective: 2025-04-01", "effective: 2025-13-01"),
                       encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "out")],
                          cwd=repo, capture_output=True, text=True, timeout=300, check=False,
                          env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1",
                               "TERMS_AS_OF": DEMO_AS_OF.isoformat()})
    assert done.returncode == 1
    assert "terms/demo/2025-04-01.yml:" in done.stderr and "TERMS008" in done.stderr
    assert "Traceback" not in done.stderr


def test_warnings_on_versions_that_can_still_change_fail_mkdocs_strict(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", terms_from=DEMO)
    draft = repo / "terms" / "demo" / "2026-01-01.yml"
    draft.write_text(draft.read_text(encoding="utf-8").replace("  - id: amendment\n", "  - id: amendment\n    number: 9\n"),
                     encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
                          cwd=repo, capture_output=True, text=True, timeout=300, check=False,
                          env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1",
                               "TERMS_AS_OF": DEMO_AS_OF.isoformat()})
    assert done.returncode == 1
    assert "WARNING" in done.stderr and "terms/demo/2026-01-01.yml:" in done.stderr and "TERMS016" in done.stderr


def test_command_line_usage_errors(tmp_path: Path) -> None:
    bad_day = run_terms("build", "--as-of", "2024-02-30", cwd=tmp_path)
    assert bad_day.returncode == 2 and "is not a date written YYYY-MM-DD" in bad_day.stderr
    bad_addr = run_terms("serve", "--dev-addr", "nowhere", cwd=tmp_path)
    assert bad_addr.returncode == 2 and "HOST:PORT" in bad_addr.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return str(r.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, needle: str, seconds: float) -> str | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = _get(url)
        if text is not None and needle in text:
            return text
        time.sleep(0.3)
    return None


def test_serve_previews_drafts_and_reloads_when_the_terms_change(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", terms_from=DEMO)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from termsite.adapters.cli.main import main; sys.exit(main())",
         "serve", "--dev-addr", f"127.0.0.1:{port}", "--as-of", DEMO_AS_OF.isoformat()],
        cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}/"
        draft = _wait_for(base + "demo/2026-01-01/", "terms-banner--draft", 120)
        assert draft is not None, "the preview did not serve the draft"
        version = repo / "terms" / "demo" / "2026-01-01.yml"
        version.write_text(version.read_text(encoding="utf-8").replace("下書きの本サービス", "書き換えた本サービス"),
                           encoding="utf-8")
        assert _wait_for(base + "demo/2026-01-01/", "書き換えた本サービス", 120) is not None
        template = override(repo, "pages/hub.j2")
        template.write_text(template.read_text(encoding="utf-8").replace(
            '<p class="terms-lead">', '<p class="terms-lead">TEMPLATE-EDIT '), encoding="utf-8")
        assert _wait_for(base, "TEMPLATE-EDIT", 120) is not None
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc.stderr is not None:
        assert "Traceback" not in proc.stderr.read()
    shutil.rmtree(repo / "docs_generated", ignore_errors=True)


def test_the_previous_site_is_removed_after_a_rebuild_and_old_leftovers_by_a_later_build(tmp_path: Path) -> None:
    import os

    from termsite.adapters.mkdocs.site_folder import STAMP, STAMP_TEXT

    repo = make_repo(tmp_path / "repo", terms_from=DEMO)
    site = tmp_path / "site"
    assert build(repo, site, as_of=DEMO_AS_OF)[0] == 0
    leftover = tmp_path / ".site-old-crashed"  # a previous site whose removal was cut short
    (leftover / "a").mkdir(parents=True)
    (leftover / STAMP).write_text(STAMP_TEXT, encoding="utf-8")
    recent = tmp_path / ".site-old-recent"  # empty and recent: maybe a build that is just starting
    recent.mkdir()
    foreign = tmp_path / ".site-old-mine"  # not ours: no stamp
    foreign.mkdir()
    (foreign / "notes.txt").write_text("x", encoding="utf-8")
    os.utime(foreign, (time.time() - 3600, time.time() - 3600))
    assert build(repo, site, as_of=DEMO_AS_OF)[0] == 0
    kept = sorted([foreign, recent])
    deadline = time.time() + 30
    while time.time() < deadline and sorted(p for p in tmp_path.iterdir() if p.name.startswith(".site-")) != kept:
        time.sleep(0.1)
    assert sorted(p for p in tmp_path.iterdir() if p.name.startswith(".site-")) == kept
    assert (foreign / "notes.txt").is_file()
    assert (site / "index.html").is_file()
