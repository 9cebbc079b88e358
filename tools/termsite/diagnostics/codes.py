"""The catalogue of diagnostic codes: what each means and how to fix it.

CONTRIBUTING.md and ``terms codes`` print this table, so an editor can look up any code. :class:`Code`
is the catalogue as an enum (``Code.TERMS018.title``, ``.hint``); :data:`CODES` the same as a mapping
from the code's name, in the order ``terms codes`` prints.
"""

from __future__ import annotations

from enum import Enum

_TABLE: dict[str, tuple[str, str]] = {
    "TERMS001": ("file cannot be read as terms",
                 "keep it a regular UTF-8 text file inside the repository, under 5 MB and not empty"),
    "TERMS002": ("YAML syntax error", "fix the YAML at the position shown (indentation, quotes, colons)"),
    "TERMS003": ("duplicate key", "remove or rename one of the two keys"),
    "TERMS004": ("YAML anchors and aliases are not allowed", "write the text out in full"),
    "TERMS005": ("unknown key", "remove it or fix its spelling"),
    "TERMS006": ("required key missing", "add the key"),
    "TERMS007": ("wrong type or value", "use the type or one of the values the format allows"),
    "TERMS008": ("invalid date", "write a real date as YYYY-MM-DD"),
    "TERMS009": ("file in the wrong place", "keep terms/<doc>/document.yml and terms/<doc>/<YYYY-MM-DD>.yml only"),
    "TERMS010": ("file name is not the effective date", "rename the file to <effective>.yml or fix `effective`"),
    "TERMS011": ("announced after effective", "a version must be announced on or before it takes effect"),
    "TERMS012": ("effective dates not increasing", "each version must take effect after the one before"),
    "TERMS013": ("document id is not its folder name", "make `id` equal to the folder name"),
    "TERMS014": ("missing translation", "add the text in the missing language; published versions need both"),
    "TERMS015": ("duplicate id", "give every chapter, article, section, supplementary provision and appendix its own id"),
    "TERMS016": ("numbering override", "remove `number` unless it reproduces a published version exactly"),
    "TERMS017": ("duplicate number", "two provisions show the same number; renumber in a new version"),
    "TERMS018": ("markup in text", "texts are plain text: remove HTML, scripts and javascript: links"),
    "TERMS019": ("change clause not found", "set `change_clause` to the id of an article of every version"),
    "TERMS020": ("cross-reference does not resolve", "point the reference at a provision that exists in this version"),
    "TERMS021": ("Japanese and English refer to different provisions", "make both languages cite the same provisions"),
    "TERMS022": ("relative reference spans an irregular number", "a reader counting numbers lands elsewhere; cite the articles by number"),
    "TERMS023": ("version has no content", "add articles (or chapters with articles)"),
    "TERMS025": ("space inside Japanese text", "YAML folding (>-) turns line breaks into spaces: write Japanese on one line or in double quotes"),
    "TERMS026": ("defined term not translated as the glossary says", "use the glossary's rendering (site_config/glossary.yml), or add the term there"),
    "TERMS027": ("invisible or control character in text", "delete it (or type the visible character it hides); a reader cannot see it, so it cannot be part of the terms"),
    "TERMS028": ("word mixes look-alike scripts", "retype the word in one script: a Cyrillic or Greek letter inside a Latin word looks the same but is another character"),
    "TERMS029": ("title has a line break", "join its lines (a title or name is shown on one line, in pages, feeds and email subjects)"),
    "TERMS036": ("site_url cannot be used", "write the public address of the site as https://host/path/ (no quotes, spaces, angle brackets, query or fragment)"),
    "TERMS050": ("imported text not placed", "add it to the version file by hand if it belongs to the terms"),
    "TERMS051": ("table of contents and body disagree", "check which one the published document means; the body was imported"),
    "TERMS052": ("irregular numbering in the source", "check the source; a published version keeps its printed numbers with number"),
    "TERMS053": ("label or markup converted on import", "items are labelled (1), 1. or •; texts are plain text"),
    "TERMS054": ("closing line kept out of the articles on import", "the source's history (制定, 改訂, Last updated) and 以上 are not terms: set `effective` and `announced` from its dates"),
    "TERMS055": ("link made plain text on import", "a text may link only to https://, http://, mailto: or a provision (#id): add a safe link by hand as [label](target)"),
    "TERMS056": ("lines of Japanese joined on import", "a line broken inside a sentence was joined to the next: check that it was one sentence"),
    "TERMS057": ("heading structure decided on import", "check that chapters, articles and sections are as the source means them"),
    "TERMS024": ("document has no version", "add a version file named by its effective date"),
    "TERMS030": ("impact missing", "set `impact` to favourable, adverse or editorial"),
    "TERMS031": ("summary missing", "every version after the first needs a summary in both languages"),
    "TERMS032": ("adverse change without a reason", "state the reason in both languages (民法548条の4)"),
    "TERMS033": ("notice period too short", "announce earlier or move `effective` later"),
    "TERMS034": ("adverse change announced too late", "an adverse change must be announced before it takes effect"),
    "TERMS035": ("published version without announcement date", "set `announced`"),
    "TERMS040": ("published text changed", "published history cannot be rewritten: make the correction a new version"),
    "TERMS041": ("translation of a published version changed without a record", "record the fix in a new `translation_revisions` entry (or in `note`)"),
    "TERMS042": ("published version deleted", "restore the file: published history cannot be deleted"),
    "TERMS043": ("git base cannot be read", "fetch the base branch or give an existing ref"),
    "TERMS044": ("original, numbering or change clause of a published document changed", "these are fixed once a version is published: restore them, or publish the terms as a new document"),
    "TERMS045": ("title or publisher of a published document changed without a record", "restore it, or add a `renamed` entry recording the earlier value (terms/README.md)"),
    "TERMS046": ("record of earlier names changed", "entries of `renamed` are history: restore them and add new ones after them"),
    "TERMS047": ("published document deleted", "restore its document.yml (or its folder): a published document cannot be deleted or renamed"),
    "TERMS048": ("published version file renamed or moved", "move the file back to its path at the base: a renamed file is a deleted version plus a new one"),
    "TERMS060": ("link target not allowed", "link to https://…, http://…, mailto:name@host, #id or document-id#id (CONTRIBUTING.md, Links)"),
    "TERMS061": ("text looks like a link but is not one", "write [label](target): a label that is not empty, a target without spaces, quotes, < > or parentheses"),
    "TERMS062": ("link to a provision this version does not have", "use the id of a chapter, article, section, 附則 or 別紙 of this version"),
    "TERMS063": ("link to a document or provision not in the repository", "use a document id of terms/ and an id of its version in force on this version's effective date"),
    "TERMS064": ("linked provision only in another version", "the cited document's version in force on this version's effective date has no such id: link to a provision it has"),
    "TERMS065": ("inserted provision has nothing before it", "a `branch: true` article or item is numbered from the one before it (第3条の2 follows 第3条): remove `branch` from the first article of the version or the first item of its list, or move it after the provision it is inserted after"),
    "TERMS066": ("branch number where it cannot be used", "`branch: true` (第3条の2) is for statute-numbered documents and derives its number: remove it, or remove `number` from the same article"),
    "TERMS067": ("heading in a reference is not the cited article's title", "write the cited article's title in the brackets (第12条（料金の返金）), or cite the article the heading names"),
    "TERMS068": ("translation does not follow the original", "when the original of a provision changes, change its translation in the same version; record a reviewed translation with `translation: unchanged` (or `corrected`, when only the translation was fixed) on the article, paragraph or item"),
    "TERMS069": ("record of a reviewed translation with nothing to record", "remove `translation:` here: it records a change of one language alone since the version before, and there is none (a record copied from an earlier version would hide the next drift)"),
    "TERMS070": ("translation revision out of place", "a `translation_revisions` entry records a revision of a published version's translation: date it after `announced` and after the entry before it, one entry per day"),
    "TERMS071": ("recorded translation revision changed", "entries of `translation_revisions` are history: restore them as they are at the base and add a new entry for a new revision"),
    "TERMS072": ("ledger file cannot be read as a ledger", "restore the ledger from the `ledger` branch or a published copy (/api/ledger.json); never edit it by hand"),
    "TERMS073": ("ledger entry changed after it was written", "its contents no longer give its hash: restore the entry from the `ledger` branch or a published copy"),
    "TERMS074": ("ledger chain broken", "an entry was removed, inserted or reordered, or history was rewritten: restore the ledger from the `ledger` branch or a published copy"),
    "TERMS075": ("published file differs from the ledger", "the site's bytes are not what the latest publication recorded: deploy the recorded build again, or publish (and record) a new one"),
    "TERMS076": ("store and ledger file disagree", "the ledger file is the record: `terms ledger export --out FILE` writes it from a store that is ahead; restore a store behind or diverged from a backup"),
    "TERMS077": ("send log cannot be read", "repair or move the JSON-lines send log at the line shown before sending"),
    "TERMS078": ("site cannot be recorded as a publication", "record a site built by `terms build` without --drafts, as of the day given"),
    "TERMS080": ("text looks as if words were lost from the source", "if the source has no words here, mark the gap with ［原文に記載なし］ (Japanese) or [not in the source] (English); else restore the words in a new version"),
    "TERMS081": ("gap marker of the other language", "write ［原文に記載なし］ in a Japanese text and [not in the source] in an English one"),
    "TERMS082": ("translator's note not in the translation", "a translator's note speaks to the reader of the translation: write it in the language that is not the document's `original` (`translator_note: {en: …}` for a Japanese original, `{ja: …}` for an English one); a remark about the original belongs in the version's `note`"),
    # a translation pending or absent (translation_pending of a version, single_language of document.yml)
    "TERMS083": ("translation pending: text not yet translated", "add the translated text when it is ready; when every text is, remove `translation_pending` (on a published version with a new `translation_revisions` entry)"),
    "TERMS084": ("translation declaration does not fit the texts", "`translation_pending` is for a version whose translation is still missing texts, in a document with two languages; a `single_language` document has no texts in the other language"),
    "TERMS085": ("pending translation of a published version changed without a record", "remove `translation_pending` only together with the translation and a new `translation_revisions` entry; a published translation cannot be declared pending again"),
    "TERMS086": ("published document made single-language", "restore document.yml: a published document's translation cannot be withdrawn (`single_language` may only be removed)"),
}


class Code(Enum):
    """A diagnostic code: its value is its name (``TERMS018``)."""

    TERMS001 = "TERMS001"
    TERMS002 = "TERMS002"
    TERMS003 = "TERMS003"
    TERMS004 = "TERMS004"
    TERMS005 = "TERMS005"
    TERMS006 = "TERMS006"
    TERMS007 = "TERMS007"
    TERMS008 = "TERMS008"
    TERMS009 = "TERMS009"
    TERMS010 = "TERMS010"
    TERMS011 = "TERMS011"
    TERMS012 = "TERMS012"
    TERMS013 = "TERMS013"
    TERMS014 = "TERMS014"
    TERMS015 = "TERMS015"
    TERMS016 = "TERMS016"
    TERMS017 = "TERMS017"
    TERMS018 = "TERMS018"
    TERMS019 = "TERMS019"
    TERMS020 = "TERMS020"
    TERMS021 = "TERMS021"
    TERMS022 = "TERMS022"
    TERMS023 = "TERMS023"
    TERMS025 = "TERMS025"
    TERMS026 = "TERMS026"
    TERMS027 = "TERMS027"
    TERMS028 = "TERMS028"
    TERMS029 = "TERMS029"
    TERMS036 = "TERMS036"
    TERMS050 = "TERMS050"
    TERMS051 = "TERMS051"
    TERMS052 = "TERMS052"
    TERMS053 = "TERMS053"
    TERMS054 = "TERMS054"
    TERMS055 = "TERMS055"
    TERMS056 = "TERMS056"
    TERMS057 = "TERMS057"
    TERMS024 = "TERMS024"
    TERMS030 = "TERMS030"
    TERMS031 = "TERMS031"
    TERMS032 = "TERMS032"
    TERMS033 = "TERMS033"
    TERMS034 = "TERMS034"
    TERMS035 = "TERMS035"
    TERMS040 = "TERMS040"
    TERMS041 = "TERMS041"
    TERMS042 = "TERMS042"
    TERMS043 = "TERMS043"
    TERMS044 = "TERMS044"
    TERMS045 = "TERMS045"
    TERMS046 = "TERMS046"
    TERMS047 = "TERMS047"
    TERMS048 = "TERMS048"
    TERMS060 = "TERMS060"
    TERMS061 = "TERMS061"
    TERMS062 = "TERMS062"
    TERMS063 = "TERMS063"
    TERMS064 = "TERMS064"
    TERMS065 = "TERMS065"
    TERMS066 = "TERMS066"
    TERMS067 = "TERMS067"
    TERMS068 = "TERMS068"
    TERMS069 = "TERMS069"
    TERMS070 = "TERMS070"
    TERMS071 = "TERMS071"
    TERMS072 = "TERMS072"
    TERMS073 = "TERMS073"
    TERMS074 = "TERMS074"
    TERMS075 = "TERMS075"
    TERMS076 = "TERMS076"
    TERMS077 = "TERMS077"
    TERMS078 = "TERMS078"
    TERMS080 = "TERMS080"
    TERMS081 = "TERMS081"
    TERMS082 = "TERMS082"
    TERMS083 = "TERMS083"
    TERMS084 = "TERMS084"
    TERMS085 = "TERMS085"
    TERMS086 = "TERMS086"

    @property
    def title(self) -> str:
        """What the code means, in a few words."""
        return _TABLE[self.value][0]

    @property
    def hint(self) -> str:
        """How to fix it."""
        return _TABLE[self.value][1]


CODES: dict[str, tuple[str, str]] = {code.value: (code.title, code.hint) for code in Code}
"""Every code's (title, hint) by name."""
