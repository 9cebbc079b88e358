"""The words of the site's own interface, in both languages, and dates as readers write them."""

from __future__ import annotations

from termsite.model.terms import Document, Lang

MESSAGES: dict[str, dict[Lang, str]] = {
    "all_documents": {"ja": "規約一覧", "en": "All documents"},
    "hub_lead": {
        "ja": "現在適用されている規約・約款の一覧です。各規約の改定履歴から過去の版も読むことができます。",
        "en": "The terms and policies in force. Every past version remains readable from each "
              "document's history.",
    },
    "in_force_since": {"ja": "{date}施行", "en": "In force since {date}"},
    "effective_on": {"ja": "{date}施行", "en": "Effective {date}"},
    "announced_on": {"ja": "{date}公表", "en": "Announced {date}"},
    "not_in_force": {"ja": "現在適用されている版はありません。", "en": "No version is in force yet."},
    "nav_current": {"ja": "現行版", "en": "Version in force"},
    "read_current": {"ja": "現行の規約を読む", "en": "Read the terms in force"},
    "history": {"ja": "改定履歴", "en": "Version history"},
    "history_of": {"ja": "{title}　改定履歴", "en": "{title}: version history"},
    "history_lead": {
        "ja": "この規約のすべての版です。各版は施行日の固定のアドレスで読むことができます。",
        "en": "Every version of this document. Each version keeps a permanent address named by its "
              "effective date.",
    },
    "versions": {"ja": "版", "en": "Versions"},
    # a label before its value: Japanese typography writes the full-width colon with no space
    "versions_label": {"ja": "版：", "en": "Versions: "},
    "all_versions": {"ja": "全{n}版", "en": "all {n} versions"},
    "version_menu": {"ja": "版を選ぶ", "en": "Choose a version"},
    "this_version": {"ja": "この版", "en": "This version"},
    "state_current": {"ja": "現行", "en": "In force"},
    "state_superseded": {"ja": "旧版", "en": "Superseded"},
    "state_upcoming": {"ja": "施行予定", "en": "Upcoming"},
    "state_draft": {"ja": "下書き", "en": "Draft"},
    "impact_favourable": {"ja": "利用者に有利な変更", "en": "Favourable change"},
    "impact_adverse": {"ja": "利用者に不利益な変更", "en": "Adverse change"},
    "impact_editorial": {"ja": "表記等の修正", "en": "Editorial change"},
    "first_version": {"ja": "制定", "en": "First version"},
    "col_effective": {"ja": "施行日", "en": "Effective"},
    "col_announced": {"ja": "公表日", "en": "Announced"},
    "col_impact": {"ja": "区分", "en": "Kind of change"},
    "col_summary": {"ja": "改定の概要", "en": "Summary"},
    "col_state": {"ja": "状態", "en": "Status"},
    "reason": {"ja": "変更の理由", "en": "Reason for the change"},
    "revisions_en": {"ja": "英訳の改訂", "en": "Revisions of the English translation"},
    "revisions_ja": {"ja": "日本語訳の改訂", "en": "Revisions of the Japanese translation"},
    "revisions_count": {"ja": "（{n}件、最新：{date}）", "en": " ({n}, latest {date})"},
    "revisions_lead": {
        "ja": "この版の原文は公表されたときのままです。改訂したのは翻訳だけです。",
        "en": "The original text of this version is as it was published; only the translation was revised.",
    },
    "revised_on_en": {"ja": "{date}英訳改訂", "en": "English translation revised {date}"},
    "revised_on_ja": {"ja": "{date}日本語訳改訂", "en": "Japanese translation revised {date}"},
    "banner_superseded": {
        "ja": "この版は旧版です。{date}から改定後の版が適用されています。",
        "en": "This version is superseded. A later version has applied since {date}.",
    },
    "banner_upcoming": {
        "ja": "この版は{date}から施行されます（{announced}公表）。",
        "en": "This version takes effect on {date} (announced {announced}).",
    },
    "banner_upcoming_on_current": {
        "ja": "この規約は改定されます。改定後の版は{date}から施行されます（{announced}公表）。",
        "en": "These terms are changing. The new version takes effect on {date} (announced {announced}).",
    },
    "banner_draft": {
        "ja": "下書きのプレビューです。この版は公開されていません。",
        "en": "Draft preview. This version is not published.",
    },
    "banner_notice_draft": {
        "ja": "下書きの版のお知らせのプレビューです。このお知らせは掲示されていません。"
              "版が公開され、掲示日を迎えると掲示されます。",
        "en": "Preview of the notice of a draft version. This notice is not posted: it is posted once the "
              "version is published, on its posting date.",
    },
    "read_new_version": {"ja": "改定後の版を読む", "en": "Read the new version"},
    "read_changes": {"ja": "新旧対照表", "en": "What changed"},
    "governing_ja": {
        "ja": "この規約は日本語を正文とします。",
        "en": "The Japanese original of this document governs. This English text is a reference "
              "translation; if the two differ, the Japanese text prevails.",
    },
    "governing_en": {
        "ja": "この文書は英語の原文を正文とします。この日本語の文章は参考訳であり、"
              "両者に相違がある場合は英語の原文が優先します。",
        "en": "The English original of this document governs.",
    },
    "read_original_ja": {"ja": "日本語の原文", "en": "Read the Japanese original"},
    "read_original_en": {"ja": "英語の原文を読む", "en": "The English original"},
    "contents": {"ja": "目次", "en": "Contents"},
    # meta descriptions (<meta name="description">, search result snippets)
    "describe_hub": {
        "ja": "{publisher}の利用規約・約款の一覧です。現行の版、施行予定の改定、改定のお知らせと"
              "過去のすべての版を掲載しています。",
        "en": "The terms and policies of {publisher}: the versions in force, upcoming changes, notices of "
              "changes and every past version.",
    },
    "describe_version": {
        "ja": "{title}（{date}施行、{state}）の全文です。",
        "en": "The full text of the {title}, effective {date} ({state}).",
    },
    "describe_history": {
        "ja": "{title}のすべての版の施行日、公表日、改定の区分と概要、新旧対照表と改定のお知らせです。",
        "en": "Every version of the {title}: effective and announcement dates, kind of change, summary, "
              "comparisons and notices.",
    },
    "describe_changes": {
        "ja": "{title}の{new}施行の版と{old}施行の版の新旧対照表です。",
        "en": "The {title}: the version effective {new} compared with the version effective {old}.",
    },
    "describe_notices": {
        "ja": "{publisher}の規約・約款の改定のお知らせの一覧です。",
        "en": "Notices of changes to the terms and policies of {publisher}.",
    },
    "contact": {"ja": "お問い合わせ", "en": "Contact"},
    "machine_readable": {"ja": "機械可読な一覧（JSON）", "en": "Machine-readable index (JSON)"},
    "publisher": {"ja": "制定者", "en": "Publisher"},
    "upcoming_changes": {"ja": "予定されている改定", "en": "Upcoming changes"},
    # comparison pages (/<doc>/<date>/changes/)
    "changes_title": {"ja": "新旧対照表", "en": "Comparison of old and new text"},
    "changes_page_title": {
        "ja": "{title}　新旧対照表（{date}施行）",
        "en": "{title}: comparison of old and new text (effective {date})",
    },
    "changes_lead": {
        "ja": "{new}施行の版を、その前の{old}施行の版と比べたものです。",
        "en": "The version effective {new} compared with the version before it, effective {old}.",
    },
    "new_version": {"ja": "改定後の版（{date}施行）", "en": "New version (effective {date})"},
    "old_version": {"ja": "改定前の版（{date}施行）", "en": "Previous version (effective {date})"},
    "changes_found": {"ja": "変更箇所", "en": "Changes"},
    "changes_count": {"ja": "変更箇所の数：{counts}", "en": "Number of changes: {counts}"},
    "compared_with": {"ja": "比較対象", "en": "Compared with"},
    # what changed since a version (/<doc>/<old>/changes/<new>/), the picker on the history page
    "compare_with_current": {"ja": "現行版と比較", "en": "Compare with the version in force"},
    "compare_with_upcoming": {"ja": "{date}施行予定の版と比較", "en": "Compare with the version effective {date}"},
    "pair_page_title": {
        "ja": "{title}　新旧対照表（{old}施行の版と{new}施行の版）",
        "en": "{title}: comparison of the versions effective {old} and {new}",
    },
    "pair_lead": {
        "ja": "{old}施行の版を、{new}施行の版（{state}）と比べたものです。",
        "en": "The version effective {old} compared with the version effective {new} ({state}).",
    },
    "pair_between": {"ja": "この間の改定", "en": "The changes in between"},
    "pair_old_version": {"ja": "比較元の版（{date}施行）", "en": "The earlier version (effective {date})"},
    "pair_new_version": {"ja": "比較先の版（{date}施行）", "en": "The later version (effective {date})"},
    "compare_versions": {"ja": "版を比べる", "en": "Compare two versions"},
    "compare_lead": {
        "ja": "二つの版を選ぶと、その新旧対照表を開きます。用意してある組合せは、連続する版どうし、"
              "及び各版と現行版・施行予定の版です。",
        "en": "Choose two versions to open their comparison. Comparisons are available between consecutive "
              "versions, and between each version and the version in force or the upcoming one.",
    },
    "compare_old": {"ja": "比較元（旧）", "en": "From (earlier)"},
    "compare_new": {"ja": "比較先（新）", "en": "To (later)"},
    "compare_open": {"ja": "新旧対照表を開く", "en": "Open the comparison"},
    "compare_all": {"ja": "すべての新旧対照表（{n}件）", "en": "All comparisons ({n})"},
    "pair_link": {"ja": "{old}施行の版 → {new}施行の版", "en": "Effective {old} → effective {new}"},
    "version_option": {"ja": "{date}施行（{state}）", "en": "Effective {date} ({state})"},
    # the version in force on a date (/<doc>/on/)
    "on_date": {"ja": "日付を指定して読む", "en": "The terms on a date"},
    "on_date_title": {"ja": "{title}　日付を指定して読む", "en": "{title}: the version in force on a date"},
    "on_date_lead": {
        "ja": "日付を入力すると、その日（日本時間）に施行されていた版を開きます。"
              "各版は施行日の午前0時（日本時間）から適用されます。",
        "en": "Enter a date to open the version in force on that day (Japan time). Each version applies from "
              "00:00 Japan time on its effective date.",
    },
    "on_date_label": {"ja": "日付", "en": "Date"},
    "on_date_open": {"ja": "この日の版を開く", "en": "Open the version in force"},
    "on_date_periods": {"ja": "各版の施行期間", "en": "When each version applied"},
    "period_from_to": {"ja": "{start}から{end}まで", "en": "From {start} to {end}"},
    "period_from": {"ja": "{start}から", "en": "From {start}"},
    "on_date_before": {
        "ja": "指定された日付には、この規約はまだ施行されていませんでした。最初の版は{date}施行です。",
        "en": "These terms were not yet in force on that date. The first version took effect on {date}.",
    },
    "on_date_invalid": {
        "ja": "日付を「2025-06-01」の形で指定してください。",
        "en": "Give the date as YYYY-MM-DD, for example 2025-06-01.",
    },
    "on_date_failed": {
        "ja": "版の一覧を読み込めませんでした。下の施行期間の一覧から版を選んでください。",
        "en": "The list of versions could not be loaded. Choose a version from the periods below.",
    },
    "on_date_none": {"ja": "施行された版はまだありません。", "en": "No version has taken effect yet."},
    # the history of each article (/<doc>/history/articles/)
    "article_history": {"ja": "改定履歴", "en": "History"},
    "article_history_of": {"ja": "{name}の改定履歴", "en": "History of {name}"},
    "articles_history": {"ja": "条項ごとの改定履歴", "en": "History of each article"},
    "articles_history_title": {"ja": "{title}　条項ごとの改定履歴", "en": "{title}: history of each article"},
    "articles_history_lead": {
        "ja": "各条項が追加・変更・条番号の変更・移動・削除された版です。"
              "各版の新旧対照表の該当箇所へリンクしています。",
        "en": "The versions in which each article was added, changed, renumbered, moved or deleted, each "
              "linked to that place in the version's comparison.",
    },
    "col_article": {"ja": "条項", "en": "Article"},
    "col_changes": {"ja": "改定された版", "en": "Versions that changed it"},
    "event_first": {"ja": "制定", "en": "first version"},
    "event_added": {"ja": "追加", "en": "added"},
    "event_modified": {"ja": "変更", "en": "changed"},
    "event_renumbered": {"ja": "条番号の変更", "en": "renumbered"},
    "event_moved": {"ja": "移動", "en": "moved"},
    "event_deleted": {"ja": "削除", "en": "deleted"},
    "deleted_article": {"ja": "{name}（削除）", "en": "{name} (deleted)"},
    # notices (/notices/, /notices/<doc>-<date>/) and their feeds
    "notices": {"ja": "お知らせ", "en": "Notices"},
    "notices_title": {"ja": "規約改定のお知らせ", "en": "Notices of changes"},
    "notices_lead": {
        "ja": "規約・約款を改定するときは、改定の内容と施行日を施行日より前にこのページに掲示してお知らせします。",
        "en": "Before a change to these terms takes effect, its content and effective date are posted on "
              "this page.",
    },
    "no_documents": {"ja": "公開されている規約はまだありません。", "en": "No documents have been published yet."},
    "no_notices": {"ja": "現在、お知らせはありません。", "en": "There are no notices."},
    "latest_notices": {"ja": "最新のお知らせ", "en": "Latest notices"},
    "all_notices": {"ja": "すべてのお知らせ", "en": "All notices"},
    "notice_title": {"ja": "{title}改定のお知らせ（{date}施行）", "en": "Changes to the {title} (effective {date})"},
    "read_notice": {"ja": "改定のお知らせ", "en": "Notice of the change"},
    "col_posted": {"ja": "掲示日", "en": "Posted on"},
    "new_text": {"ja": "改定後の全文", "en": "The full changed text"},
    "consent_heading": {"ja": "改定後の規約への同意", "en": "Agreement to the changed terms"},
    "feed": {"ja": "Atomフィード", "en": "Atom feed"},
    "feed_title": {"ja": "{site}　改定のお知らせ", "en": "{site}: notices of changes"},
    # PDFs (termsite.site.pdf)
    "pdf_version": {"ja": "この版のPDF", "en": "PDF of this version"},
    "pdf_notice": {"ja": "このお知らせのPDF", "en": "PDF of this notice"},
    "pdf_short": {"ja": "PDF", "en": "PDF"},
    # a translation pending (translation_pending) or absent (single_language): termsite.site.pending
    "pending_en": {
        "ja": "この版の英訳は準備中です。",
        "en": "The English translation of this version is in preparation; the Japanese original below is the "
              "binding text.",
    },
    "pending_ja": {
        "ja": "この版の日本語訳は準備中です。以下の英語の原文が効力を持ちます。",
        "en": "The Japanese translation of this version is in preparation.",
    },
    "only_ja": {
        "ja": "この文書は日本語のみで公開しています。",
        "en": "This document is published in Japanese only and has no English translation; the Japanese text "
              "below is the binding text.",
    },
    "only_en": {
        "ja": "この文書は英語のみで公開しており、日本語訳はありません。以下の英語の原文が効力を持ちます。",
        "en": "This document is published in English only.",
    },
    "badge_pending_en": {"ja": "英訳準備中", "en": "English translation in preparation"},
    "badge_pending_ja": {"ja": "日本語訳準備中", "en": "Japanese translation in preparation"},
    "badge_only_ja": {"ja": "日本語のみ", "en": "Japanese only"},
    "badge_only_en": {"ja": "英語のみ", "en": "English only"},
}


def document_title(doc: Document, lang: Lang) -> str:
    """The title of ``doc`` in ``lang`` (the original's title if it has none in ``lang``)."""
    return doc.title.get(lang) or doc.title.get(doc.original) or doc.id


def t(key: str, lang: Lang, **values: str) -> str:
    """The interface text ``key`` in ``lang`` with ``{placeholders}`` filled in."""
    text = MESSAGES[key][lang]
    return text.format(**values) if values else text
