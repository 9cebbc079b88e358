"""The shipped translator's notes on the built site: on the translation's pages, apart from the terms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import build

EN_LABEL = '<span class="terms-note-label">[Translator&#39;s note]</span> '
JA_LABEL = '<span class="terms-note-label">〔訳注〕</span>'


def _html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_the_yakkan_notes_are_on_the_english_page_only(real_site: Path) -> None:
    en = _html(real_site, "en/cloud-resale/2024-01-01")
    assert en.count(EN_LABEL) == 7
    assert (EN_LABEL + "The Japanese text cites Article 5, paragraph (1), which concerns the language used and says "
            "nothing about notices; notices from the Company to the Customer are governed by Article 6, paragraph (1). "
            "The reference is translated as written.</aside>") in en
    assert "terms-note" not in _html(real_site, "cloud-resale/2024-01-01")


def test_the_privacy_notes_are_on_the_japanese_page_only(real_site: Path) -> None:
    ja = _html(real_site, "privacy-policy")
    assert ja.count(JA_LABEL) == 2
    assert JA_LABEL + "原文が指す指針は、総務省の「電気通信事業における個人情報等の保護に関するガイドライン」" in ja
    assert "terms-note" not in _html(real_site, "en/privacy-policy")


def test_terms_export_gives_the_notes(real_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from termsite.adapters.cli.main import main

    capsys.readouterr()
    assert main(["--root", str(real_repo), "export", "privacy-policy", "2026-11-21"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["content"]["preamble"][0]["translator_note"]["ja"].startswith("原文が指す指針は、総務省の")
    assert data["content"]["articles"][6]["translator_note"]["ja"].startswith("原文の見出しは「this Agreement」")
    assert main(["--root", str(real_repo), "export", "cloud-resale", "2024-01-01"]) == 0
    out = capsys.readouterr().out
    assert out.count('"translator_note"') == 7
    assert json.loads(out)["content"]["chapters"][0]["articles"][0]["label"] == {"ja": "第１条", "en": "Article 1"}


@pytest.fixture(scope="module")
def preview(real_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("preview") / "site"
    code, err = build(real_repo, site, drafts=True)
    assert code == 0, err
    return site


def test_the_drafts_comparison_shows_the_removed_notes_in_english_only(preview: Path) -> None:
    en = _html(preview, "en/cloud-resale/2027-01-01/changes")
    notes = en[en.index('<section class="cmp-tns">'):]
    notes = notes[:notes.index("</section>")]
    # the draft corrects the six errors the notes explain; 第4条 keeps its note (and its 本サービス契約書)
    assert notes.count('class="cmp-tn cmp-tn--deleted"') == 6 and "cmp-tn--modified" not in notes
    assert "Article 4 (" not in notes
    assert "Article 12 (Payment of Service Fees), paragraph 4 (note removed)" in notes
    assert "Article 22 (Notice to the Customer), text (note removed)" in notes
    assert "cmp-tns" not in _html(preview, "cloud-resale/2027-01-01/changes")
