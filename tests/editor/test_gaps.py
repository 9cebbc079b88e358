"""Gaps in the source: marked so that a reader sees words are missing, found when they are not marked,
and a marker is the one change a published original may take."""

from __future__ import annotations

from pathlib import Path

import pytest

from termsite.adapters.cli.main import main as terms_main
from termsite.compare.wording import same_wording
from termsite.model.gaps import MARKERS, marked_html, only_marked, suspects, unmarked

from ..site.helpers import REPO
from .conftest import copy_terms, git, git_repo

JA, EN = MARKERS["ja"], MARKERS["en"]
CANCELLATION = "terms/cancellation-policy/2026-11-21.yml"  # English original, gaps marked 2026-12-04


@pytest.mark.parametrize(("old", "new"), [
    ("manages the following sites;,, and Personal", f"manages the following sites;{EN},{EN}, and {EN} Personal"),
    ("Email address:", f"Email address: {EN}"),
    ("via email at", f"via email at {EN}"),
    ("運営しています：、及び。", f"運営しています：{JA}、{JA}及び{JA}。"),
])
def test_a_marker_put_into_a_gap_changes_no_word(old: str, new: str) -> None:
    assert only_marked(old, new) and unmarked(new).replace(" ", "") == old.replace(" ", "")
    assert same_wording(old, new) and same_wording(new, old)  # formatting only in a comparison


@pytest.mark.parametrize(("old", "new"), [
    ("via email at", f"via e-mail at {EN}"),
    ("via email at", "via email at support@example.com"),
    ("運営しています：、及び。", f"運営しています：{JA}、及び{JA}。か"),
])
def test_a_changed_word_is_never_a_marking(old: str, new: str) -> None:
    assert not only_marked(old, new)


@pytest.mark.parametrize(("text", "lang", "found"), [
    ("以下のサイトを運営しています：、、及び。", "ja", "：、"),
    ("メールアドレス：", "ja", "："),
    ("manages the following sites;,, and Personal", "en", ";,"),
    ("may contact Clara Online via email at", "en", "at"),
    ("Email address:", "en", ":"),
    ("   ", "en", "an empty text"),
])
def test_the_shapes_of_an_unmarked_gap_are_found(text: str, lang: str, found: str) -> None:
    assert found in [f.strip() or f for _, f in suspects(text, lang)]  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "lang", "introduces"), [
    ("The Company may, at its discretion, and, where needed, suspend the Service.", "en", False),
    ("The Customer shall not do any of the following:", "en", True),
    ("契約者は、次の各号に掲げる行為をしてはなりません：", "ja", True),
    (f"via email at {EN}", "en", False),
    (f"メールアドレス：{JA}", "ja", False),
])
def test_ordinary_legal_text_and_marked_gaps_are_not_suspects(text: str, lang: str, introduces: bool) -> None:
    assert list(suspects(text, lang, introduces=introduces)) == []  # type: ignore[arg-type]


def test_a_marker_is_set_apart_in_html_and_survives_escaping() -> None:
    html = marked_html(f"a &lt;b&gt; {EN}")
    assert html == f'a &lt;b&gt; <span class="terms-gap" title="The source document has no text here.">{EN}</span>'
    assert marked_html("nothing missing") == "nothing missing"


@pytest.fixture
def marked(tmp_path: Path) -> Path:
    """A repository whose base has the cancellation policy as first published (no markers, no record),
    and whose working tree has it as shipped (gaps marked, the translation's marking recorded)."""
    root = copy_terms(tmp_path / "repo", ("cancellation-policy",))
    shipped = (root / CANCELLATION).read_text(encoding="utf-8")
    start = shipped.index("translation_revisions:")
    articles = shipped.index("articles:", start)
    base = shipped[:start] + unmarked(shipped[articles:]).replace(" \n", "\n")  # the note kept as it is
    (root / CANCELLATION).write_text(base, encoding="utf-8")
    git_repo(root)
    (root / CANCELLATION).write_text(shipped, encoding="utf-8")
    return root


def _check(root: Path, capsys: pytest.CaptureFixture[str], *more: str) -> tuple[int, str]:
    capsys.readouterr()
    code = terms_main(["--root", str(root), "check", "--as-of", "2026-12-05", *more])
    return code, capsys.readouterr().err


def test_marking_a_published_original_passes_the_history_check(marked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _check(marked, capsys, "--base", "main")
    assert code == 0, err
    assert "TERMS040" not in err and "TERMS08" not in err


def test_a_word_changed_beside_a_marker_is_still_rewritten_history(marked: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = marked / CANCELLATION
    path.write_text(path.read_text(encoding="utf-8").replace(f"via email at {EN}", f"by email at {EN}"),
                    encoding="utf-8")
    code, err = _check(marked, capsys, "--base", "main")
    assert code == 1 and "error TERMS040" in err


def test_a_marker_needs_no_record_but_a_changed_translation_does(marked: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = marked / CANCELLATION
    text = path.read_text(encoding="utf-8")
    start = text.index("translation_revisions:")
    text = text[:start] + text[text.index("articles:", start):]
    path.write_text(text, encoding="utf-8")
    code, err = _check(marked, capsys, "--base", "main")
    assert code == 0, err  # a marker changes no word, in either language
    path.write_text(text.replace("ご連絡いただけます：", "ご連絡ください："), encoding="utf-8")
    code, err = _check(marked, capsys, "--base", "main")
    assert code == 1 and "error TERMS041" in err and "TERMS040" not in err


def test_unmarked_gaps_and_foreign_markers_are_warned(marked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(marked, "checkout", "-q", "--", CANCELLATION)  # the base: the gap unmarked
    code, err = _check(marked, capsys)
    assert code == 0 and f"{CANCELLATION}:" in err
    assert [ln.split(": warning ")[1][:8] for ln in err.splitlines() if "TERMS08" in ln] == ["TERMS080", "TERMS080"]
    path = marked / CANCELLATION
    path.write_text(path.read_text(encoding="utf-8").replace("via email at\n", f"via email at {JA}\n"),
                    encoding="utf-8")
    code, err = _check(marked, capsys)
    assert "warning TERMS081" in err


def test_the_shipped_gaps_are_marked_on_the_pages(tmp_path: Path) -> None:
    from termsite.site import render_site
    from termsite.site.env import DEFAULTS
    from termsite.source.repository import load_corpus

    corpus, _ = load_corpus(REPO)
    import datetime as dt

    site = render_site(corpus, dt.date(2026, 12, 4), DEFAULTS)
    for lang, marker in (("ja", JA), ("en", EN)):
        for path in ("privacy-policy/", "cancellation-policy/"):
            page = site.page(lang, path)  # type: ignore[arg-type]
            assert page is not None and '<span class="terms-gap" title="' in page.html and marker in page.html
