"""The words a comparison shows, in Japanese and English (kept together so that every output agrees)."""

from __future__ import annotations

from typing import Literal

from termsite.model.terms import Lang

ChangeKind = Literal["added", "deleted", "modified", "formatting", "moved", "renumbered"]
CHANGE_KINDS: tuple[ChangeKind, ...] = ("added", "deleted", "modified", "formatting", "moved", "renumbered")

_WORDS: dict[str, tuple[str, str]] = {
    # key: (ja, en)
    "added": ("新設", "added"),
    "deleted": ("削除", "deleted"),
    "modified": ("変更", "modified"),
    "formatting": ("表記のみ", "formatting only"),
    "formatting_row": ("（表記のみ）", "(formatting only)"),
    "moved": ("移動", "moved"),
    "renumbered": ("番号変更", "renumbered"),
    "new": ("改定後", "After amendment"),
    "old": ("改定前", "Before amendment"),
    "marker_added": ("（新設）", "(New)"),
    "marker_deleted": ("（削除）", "(Deleted)"),
    "ins_start": ("［追加］", "[insertion]"),
    "ins_end": ("［追加ここまで］", "[end of insertion]"),
    "del_start": ("［削除］", "[deletion]"),
    "del_end": ("［削除ここまで］", "[end of deletion]"),
    "caption": ("新旧対照表", "Comparison of old and new text"),
    "same": ("改定前・改定後とも同文", "Same before and after amendment"),
    "heading": ("見出し", "heading"),
    "start": ("冒頭", "the beginning"),
    "no_changes": ("変更はありません。", "There are no changes."),
    "unchanged_text": ("（本文の変更なし）", "(text unchanged)"),
    "notes_changed": ("訳注の変更（訳文への注記であり、規約の変更ではありません）",
                      "Translator's notes changed (notes on the translation, not changes of the terms)"),
    "note_added": ("訳注を追加", "note added"),
    "note_deleted": ("訳注を削除", "note removed"),
    "note_modified": ("訳注を変更", "note changed"),
    "only_other": ("（{}のみ）", "({} only)"),
    "lang_ja": ("日本語", "Japanese"),
    "lang_en": ("英語", "English"),
    "preamble": ("前文", "preamble"),
    "supplementary": ("付則", "supplementary provisions"),
    "appendix": ("別紙", "appendix"),
    "chapter": ("章", "chapter"),
}


def drift_note(changed: Lang, page: Lang, original: Lang, article: bool, formatting: bool = False) -> str | None:
    """What the ``page`` language's comparison says of a unit whose text changed in ``changed`` only.

    On the other language's page: that only that language's text changed (and, for a reference
    translation, that it was not updated); None on the page of the language that changed, which
    shows the change itself. ``formatting``: the change was of formatting only."""
    if changed == page:
        return None
    if page == "en":
        this = "this article" if article else "this provision"
        if formatting:
            return f"Only the formatting of the Japanese text of {this} changed."
        if original == "ja":
            return f"Only the Japanese text of {this} changed; this reference translation was not updated."
        return f"Only the Japanese reference translation of {this} changed; the English text did not."
    this = "この条" if article else "この規定"
    if formatting:
        return f"{this}は英語の表記のみ変更"
    if original == "ja":
        return "英語の参考訳のみ変更（日本語の本文は変更なし）"
    return f"{this}は英語の原文のみ変更され、この参考訳は更新されていません。"


def word(key: str, lang: Lang) -> str:
    """The word for ``key`` in ``lang``."""
    ja, en = _WORDS[key]
    return ja if lang == "ja" else en


def list_join(parts: list[str], lang: Lang) -> str:
    """``a、b、c`` / ``a; b; c``: places and names run together."""
    return ("、" if lang == "ja" else "; ").join(parts)


def count_summary(counts: dict[ChangeKind, int], lang: Lang) -> str:
    """新設 1、変更 2 / 1 added, 2 modified (kinds with no change left out)."""
    parts = []
    for kind in CHANGE_KINDS:
        n = counts.get(kind, 0)
        if n:
            parts.append(f"{word(kind, lang)} {n}" if lang == "ja" else f"{n} {word(kind, lang)}")
    if not parts:
        return word("no_changes", lang)
    return ("、" if lang == "ja" else ", ").join(parts)


def fold_summary(articles: int, renumbered: int, others: list[str], statute: bool, lang: Lang) -> str:
    """変更のない条項（5条） / Unchanged articles (5): the summary of a folded run."""
    if lang == "ja":
        parts = [word(o, "ja") for o in others]
        if articles:
            parts.insert(1 if others and others[0] == "preamble" else 0,
                         f"{articles}条" if statute else f"{articles}件")
        text = "、".join(parts)
        if renumbered:
            text += f"。うち{renumbered}条は番号のみ変更" if statute else f"。うち{renumbered}件は番号のみ変更"
        return f"変更のない条項（{text}）"
    parts = [word(o, "en") for o in others]
    if others:
        if articles:
            parts.insert(1 if others[0] == "preamble" else 0, f"{articles} article{'s' if articles != 1 else ''}")
        text = ", ".join(parts)
        if renumbered:
            text += f"; {renumbered} renumbered only"
        return f"Unchanged provisions ({text})"
    text = str(articles) + (f"; {renumbered} renumbered only" if renumbered else "")
    return f"Unchanged articles ({text})"
