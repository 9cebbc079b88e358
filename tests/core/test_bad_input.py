"""Bad input of every kind: a clear diagnostic with its location, exit 1, quickly, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import V1, Repo


def run_check(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "termsite.adapters.cli.main", "--root", str(root), "check", "--as-of", "2026-11-22", *extra],
        capture_output=True, text=True, timeout=60,
    )


BAD = {
    "broken": ("effective: 2024-01-01\n  status: [draft\n", "TERMS002"),
    "duplicate-key": (V1.replace("status: published\n", "status: published\nstatus: draft\n"), "TERMS003"),
    "wrong-type": (V1.replace("status: published", "status: [published]"), "TERMS007"),
    "unknown-key": (V1.replace("status:", "stauts: x\nstatus:"), "TERMS005"),
    "impossible-date": (V1.replace("effective: 2024-01-01", "effective: 2024-13-01"), "TERMS008"),
    "missing-translation": (V1.replace(", en: Purpose}", "}"), "TERMS014"),
    "billion-laughs": ("a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n"
                       + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))
                       + "effective: *i\n", "TERMS004"),
    "deep-nesting": ("x: " + "[" * 5000 + "]" * 5000 + "\n", "TERMS002"),
    "empty": ("", "TERMS001"),
    "comments-only": ("# nothing here\n", "TERMS001"),
    "non-utf8": (b"effective: 2024-01-01\nnote: \x93quoted\x94\n", "TERMS001"),
    "utf16": ("effective: 2024-01-01\n".encode("utf-16"), "TERMS001"),
    "nul-bytes": (b"effective: 2024-01-01\x00\n", "TERMS001"),
    "top-level-list": ("- a\n- b\n", "TERMS007"),
    "multiple-documents": (V1 + "---\n" + V1, "TERMS002"),
    "tab-indentation": ("effective: 2024-01-01\narticles:\n\t- id: a\n", "TERMS002"),
    "deep-nesting-100k": ("x: " + "[" * 100_000 + "]" * 100_000 + "\n", "TERMS002"),
    "deep-unclosed-100k": ("x: " + "[" * 100_000 + "\n", "TERMS002"),
    "deep-block-compact": ("x:\n" + "- " * 100_000 + "a\n", "TERMS002"),
    "deep-under-unknown-key": (V1 + "zzz: " + "[" * 200 + "]" * 200 + "\n", "TERMS002"),
    "control-character": (V1.replace("id: purpose", "id: pur\x07pose"), "TERMS002"),
    "id-trailing-newline": (V1.replace("id: purpose", 'id: "purpose\\n"'), "TERMS007"),
    "id-too-long": (V1.replace("id: purpose", "id: " + "a" * 81), "TERMS007"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_version_file(repo: Repo, name: str) -> None:
    content, code = BAD[name]
    repo.demo(content)  # type: ignore[arg-type]
    started = time.monotonic()
    result = run_check(repo.root)
    assert time.monotonic() - started < 20
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if f" {code}: " in ln]
    assert lines, result.stderr
    assert lines[0].startswith("terms/demo/2024-01-01.yml:"), lines[0]
    _, line, col = lines[0].split(": ")[0].rsplit(":", 2)
    assert int(line) >= 1 and int(col) >= 1


def test_huge_file_is_refused_without_reading_it(repo: Repo) -> None:
    repo.demo()
    big = repo.root / "terms/demo/2025-01-01.yml"
    with big.open("wb") as fh:
        fh.write(b"note: '")
        fh.write(b"x" * (50 * 1024 * 1024))
        fh.write(b"'\n")
    started = time.monotonic()
    result = run_check(repo.root)
    assert time.monotonic() - started < 10
    assert result.returncode == 1
    assert "terms/demo/2025-01-01.yml:1:1: error TERMS001: file is 50.0 MB; the limit is 5 MB" in result.stderr


def test_version_outside_document_folder(repo: Repo) -> None:
    repo.demo()
    repo.write("terms/2024-01-01.yml", V1)
    result = run_check(repo.root)
    assert result.returncode == 1
    assert "terms/2024-01-01.yml:1:1: error TERMS009: version file outside any document folder" in result.stderr


def test_shipped_terms_pass_with_the_seed_defects_as_warnings() -> None:
    root = Path(__file__).resolve().parents[2]
    result = run_check(root)
    assert result.returncode == 0, result.stderr
    assert "0 error(s)" in result.stderr
    warnings = result.stderr
    assert "warning TERMS017: 第20条 is used by 2 articles (discontinuation, abolition)" in warnings
    assert "warning TERMS016: article 'abolition' overrides its derived number with 第20条" in warnings
    assert "warning TERMS022: '前三条' resolves by position to 第19条、第20条、第20条" in warnings
    assert "reference 本項第4号: paragraph 2 of 第14条 has no item 4" in warnings
    assert "reference 前項各号: the preceding paragraph has no items" in warnings


def test_usage_errors_exit_2(repo: Repo) -> None:
    repo.demo()
    bad_date = run_check(repo.root, "--format", "xml")
    assert bad_date.returncode == 2
    assert "invalid choice" in bad_date.stderr
    r = subprocess.run([sys.executable, "-m", "termsite.adapters.cli.main", "check", "--as-of", "2024-02-30"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "'2024-02-30' is not a date" in r.stderr
    r = subprocess.run([sys.executable, "-m", "termsite.adapters.cli.main", "--root", str(repo.root), "export", "demo",
                        "2030-01-01"], capture_output=True, text=True)
    assert r.returncode == 2 and "has no version '2030-01-01' (versions: 2024-01-01)" in r.stderr


def test_machine_formats(repo: Repo) -> None:
    import json

    repo.demo(V1.replace("status: published", "status: publshed"))
    gh = run_check(repo.root, "--format", "github")
    assert gh.returncode == 1
    assert gh.stdout.startswith("::error file=terms/demo/2024-01-01.yml,line=3,col=9,title=TERMS007::")
    js = run_check(repo.root, "--format", "json")
    data = json.loads(js.stdout)
    assert data["errors"] == 1
    assert data["diagnostics"][0]["code"] == "TERMS007"
    assert data["diagnostics"][0]["line"] == 3
    md = run_check(repo.root, "--format", "markdown")
    assert "| `terms/demo/2024-01-01.yml:3:9` | error | TERMS007 |" in md.stdout
    assert "did you mean 'published'?" in md.stdout


def _error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert "Traceback" not in result.stderr, result.stderr
    return [ln for ln in result.stderr.splitlines() if ": error TERMS" in ln]


def test_nesting_is_bounded_before_the_c_parser_sees_it(repo: Repo) -> None:
    repo.demo("x: " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = run_check(repo.root)
    assert result.returncode == 1, result.returncode  # not 139: the C composer never recursed that deep
    assert _error_lines(result) == [
        "terms/demo/2024-01-01.yml:1:68: error TERMS002: nesting deeper than 64 levels; "
        "terms are never nested this deep: check the indentation and brackets"]
    repo.demo("x:\n" + "".join(" " * i + "-\n" for i in range(0, 3000, 2)))
    result = run_check(repo.root)
    assert result.returncode == 1
    assert [ln.split(": error")[0] for ln in _error_lines(result)] == ["terms/demo/2024-01-01.yml:66:129"]


def test_deep_value_under_an_unknown_key_is_located_not_a_traceback(repo: Repo) -> None:
    repo.demo(V1 + "zzz: " + "[" * 200 + "]" * 200 + "\n")
    result = run_check(repo.root)
    assert result.returncode == 1
    line = V1.count("\n") + 1
    assert _error_lines(result) == [
        f"terms/demo/2024-01-01.yml:{line}:70: error TERMS002: nesting deeper than 64 levels; "
        "terms are never nested this deep: check the indentation and brackets"]


def test_nesting_of_real_files_stays_on_the_fast_path() -> None:
    from termsite.source.nesting import may_nest_deep

    root = Path(__file__).resolve().parents[2]
    for path in (root / "terms").glob("*/*.yml"):
        assert not may_nest_deep(path.read_text(encoding="utf-8")), path
    assert not may_nest_deep("x: " + "{ja: '[', en: [a, {b: c}]}\n" * 5000)
    assert may_nest_deep("x: " + "[" * 600)


def test_a_fifo_is_refused_without_blocking(repo: Repo) -> None:
    repo.demo()
    os.mkfifo(repo.root / "terms/demo/2025-01-01.yml")
    result = run_check(repo.root)  # a hang would end in TimeoutExpired, failing the test
    assert result.returncode == 1
    assert _error_lines(result) == [
        "terms/demo/2025-01-01.yml:1:1: error TERMS001: not a regular file (a FIFO); "
        "a terms file must be an ordinary file: replace it with one or remove it"]


@pytest.mark.parametrize("rel", ["terms/demo/document.yml", "site_config/site.yml", "site_config/glossary.yml"])
def test_a_fifo_in_place_of_a_settings_file_is_refused(repo: Repo, rel: str) -> None:
    repo.demo()
    path = repo.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    result = run_check(repo.root)
    assert result.returncode == 1
    assert _error_lines(result)[0].startswith(f"{rel}:1:1: error TERMS001: not a regular file (a FIFO); ")


def test_a_link_to_dev_zero_is_refused(repo: Repo) -> None:
    repo.demo()
    os.symlink("/dev/zero", repo.root / "terms/demo/2025-01-01.yml")
    result = run_check(repo.root)
    assert result.returncode == 1
    assert _error_lines(result) == [
        "terms/demo/2025-01-01.yml:1:1: error TERMS001: a symbolic link leads out of the repository (to /dev/zero); "
        "only files inside the repository are read: copy the file in instead of linking it"]


def test_links_out_of_the_repository_are_refused_links_inside_are_read(repo: Repo, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "v.yml").write_text(V1.replace("2024-01-01", "2025-01-01"), encoding="utf-8")
    repo.demo()
    os.symlink(outside / "v.yml", repo.root / "terms/demo/2025-01-01.yml")
    result = run_check(repo.root)
    assert result.returncode == 1
    real = os.path.realpath(outside / "v.yml")
    assert _error_lines(result) == [
        f"terms/demo/2025-01-01.yml:1:1: error TERMS001: a symbolic link leads out of the repository (to {real}); "
        "only files inside the repository are read: copy the file in instead of linking it"]
    (repo.root / "terms/demo/2025-01-01.yml").unlink()
    (repo.root / "terms/demo/2024-01-01.yml").unlink()
    repo.write("drafts/v.txt", V1)
    os.symlink("../../drafts/v.txt", repo.root / "terms/demo/2024-01-01.yml")
    result = run_check(repo.root)
    assert result.returncode == 0, result.stderr


def test_a_document_folder_linked_from_outside_is_refused(repo: Repo, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "demo"
    repo.demo()
    (repo.root / "terms/demo").rename(outside)
    os.symlink(outside, repo.root / "terms/demo")
    result = run_check(repo.root)
    assert result.returncode == 1
    assert sorted(ln.split(": error TERMS001: a symbolic link leads out")[0] for ln in _error_lines(result)) == [
        "terms/demo/2024-01-01.yml:1:1", "terms/demo/document.yml:1:1"]


_UNREADABLE = """
import errno, os, pathlib, sys
from termsite.adapters.cli.main import main
real = pathlib.Path.iterdir
def iterdir(self):
    if self.name == sys.argv[1]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
    return real(self)
pathlib.Path.iterdir = iterdir
sys.exit(main(["--root", sys.argv[2], "check", "--as-of", "2026-11-22"]))
"""


@pytest.mark.parametrize("folder", ["demo", "terms"])
def test_a_folder_that_cannot_be_read_is_located(repo: Repo, folder: str) -> None:
    # the tests may run as root, for whom no folder is unreadable: the CLI runs with listing that folder failing
    repo.demo()
    result = subprocess.run([sys.executable, "-c", _UNREADABLE, folder, str(repo.root)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    rel = "terms/demo" if folder == "demo" else "terms"
    assert _error_lines(result) == [
        f"{rel}:1:1: error TERMS001: cannot read folder: Permission denied; "
        "make the folder readable (and searchable) for the user running terms"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_a_folder_without_permissions_is_located(repo: Repo) -> None:
    repo.demo()
    folder = repo.root / "terms/demo"
    folder.chmod(0)
    try:
        result = run_check(repo.root)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 1
    assert _error_lines(result)[0].startswith("terms/demo:1:1: error TERMS001: cannot read folder: ")


def test_reading_stops_past_the_limit_whatever_the_size_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from termsite.source import safe_read

    big = tmp_path / "big.yml"
    big.write_bytes(b"x" * (6 * 1024 * 1024))
    real_fstat = os.fstat

    def lying_fstat(fd: int) -> os.stat_result:  # like a file that grows, or one in /proc
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 0,
                               int(st.st_atime), int(st.st_mtime), int(st.st_ctime)))

    monkeypatch.setattr(safe_read.os, "fstat", lying_fstat)
    with pytest.raises(safe_read.TooBig, match="file is over 5 MB"):
        safe_read.read_regular(big, 5 * 1024 * 1024, tmp_path)
    with pytest.raises(safe_read.NotReadable, match=r"not a regular file \(a character device\)"):
        safe_read.read_regular(Path("/dev/zero"), 5 * 1024 * 1024)


def test_control_character_is_reported_where_it_is(repo: Repo) -> None:
    repo.demo(V1.replace("id: purpose", "id: pur\x07pose"))
    result = run_check(repo.root)
    assert result.returncode == 1
    assert _error_lines(result) == [
        "terms/demo/2024-01-01.yml:5:12: error TERMS002: control character U+0007 is not allowed in YAML; "
        "delete the invisible character at this position"]


def test_nul_is_reported_where_it_is(repo: Repo) -> None:
    repo.demo(V1.replace("id: purpose", "id: pur\x00pose"))
    result = run_check(repo.root)
    assert result.returncode == 1
    assert _error_lines(result)[0].startswith("terms/demo/2024-01-01.yml:5:12: error TERMS001: file contains a NUL")


def test_an_id_with_a_trailing_newline_is_refused(repo: Repo) -> None:
    repo.demo(V1.replace("id: purpose", 'id: "purpose\\n"'))
    result = run_check(repo.root)
    assert result.returncode == 1
    assert _error_lines(result) == [
        "terms/demo/2024-01-01.yml:5:9: error TERMS007: 'purpose⟨U+000A⟩' is not a valid identifier (at articles[0].id); "
        "use lowercase letters, digits and single hyphens, e.g. 'payment-methods'"]


def test_a_version_file_name_with_a_newline_is_not_a_version(repo: Repo) -> None:
    repo.demo()
    repo.write("terms/demo/2025-01-01.yml\n", V1.replace("2024-01-01", "2025-01-01"))
    result = run_check(repo.root)
    assert result.returncode == 1
    assert _error_lines(result) == [
        "terms/demo/2025-01-01.yml⟨U+000A⟩:1:1: error TERMS009: '2025-01-01.yml⟨U+000A⟩' is not a version file; "
        "name version files by their effective date, e.g. 2025-04-01.yml"]


def test_an_overlong_id_is_told_the_limit_of_an_id(repo: Repo) -> None:
    repo.demo(V1.replace("id: purpose", "id: " + "a" * 81))
    result = run_check(repo.root)
    assert result.returncode == 1
    assert _error_lines(result) == [
        "terms/demo/2024-01-01.yml:5:9: error TERMS007: too long: 81 characters where at most 80 are allowed "
        "(at articles[0].id); shorten it"]


def test_a_bad_site_url_is_told_what_a_site_url_is(repo: Repo) -> None:
    repo.demo()
    repo.write("site_config/site.yml", "site_url: 'ftp://x.example/'\n")
    result = run_check(repo.root)
    assert result.returncode == 1
    lines = _error_lines(result)
    assert len(lines) == 1 and lines[0].startswith(
        "site_config/site.yml:1:11: error TERMS007: 'ftp://x.example/' is not a site address (at site_url); "
        "write the address the site is published at, with http:// or https://")
    assert "lowercase letters" not in result.stderr
