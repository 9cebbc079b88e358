"""The importer never fails with a traceback: any text gives a loadable draft or a clear refusal."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from termsite.importer.entry import ImportFailed, import_text
from termsite.source.dump import dump_data
from termsite.source.parse import load_version_text

FRAGMENTS = [
    "", "目　次", "第１章　総則", "第1章 総則 3", "第2条（目的）", "第３条 定義", "第4条の2（特則）", "第5条　本文です。",
    "（見出し）", "1. 項の本文です。", "２　第二項です。", "(1)号の本文", "（２） 号", "一　号", "ア　細目", "● 箇条",
    "用語 用語の意味", "契約者 契約する者のこと。", "附則", "（施行期日）", "この規約は、2025年4月1日から施行します。",
    "別紙", "別表（第3条関係）", "- 2 -", "12", "続きの行です", "Article 1 (Purpose)", "(a) an item", "本文。",
    "# Title", "## 1. Purpose", "### 1.1 Scope", "1. first", "   - nested", "| a | b |", "|---|---|", "<b>x</b>",
    "## 第8条 登録の抹消、利用停止", "### 第12条（本サービスの変更、中断及び廃止等）", "### B. Accounts", "#### 1. Registration",
    '<div align="right">', "</div>", "2024年10月01日 改訂", "最終更新日：2024年9月1日", "以上", "Last updated: May 1, 2024",
    "社名：株式会社サンプル", "[policy](https://example.com/p)", "[x](javascript:alert(1))", "[B](#b-accounts)",
    '<a href="mailto:a@example.com">mail</a>', "_em_ and __strong__", "\t- tabbed", "        + deep", "1. 1. lazy",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40), st.sampled_from(["text", "markdown"]),
       st.sampled_from(["ja", "en"]))
def test_any_text_imports_or_is_refused(lines: list[str], fmt: str, lang: str) -> None:
    text = "\n".join(lines)
    try:
        result = import_text(text, "input", fmt, lang, dt.date(2025, 4, 1))  # type: ignore[arg-type]
    except ImportFailed as exc:
        assert "no articles found" in str(exc)
        return
    version, diags = load_version_text(dump_data(result.data), "out.yml", "demo")
    assert version is not None, [d.as_text() for d in diags]
    assert not [d for d in diags if d.is_error]
    assert version.articles
    for note in result.notes:
        assert note.as_text("input").startswith("input:")
