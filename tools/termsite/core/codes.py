"""The catalogue of diagnostic codes: what each means and how to fix it.

CONTRIBUTING.md and ``terms codes`` print this table, so an editor can look up any code.
"""

from __future__ import annotations

CODES: dict[str, tuple[str, str]] = {
    "TERMS001": ("file cannot be read as terms", "save it as UTF-8 text under 5 MB that is not empty"),
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
    "TERMS050": ("imported text not placed", "add it to the version file by hand if it belongs to the terms"),
    "TERMS051": ("table of contents and body disagree", "check which one the published document means; the body was imported"),
    "TERMS052": ("irregular numbering in the source", "check the source; a published version keeps its printed numbers with number"),
    "TERMS053": ("label or markup converted on import", "items are labelled (1), 1. or •; texts are plain text"),
    "TERMS024": ("document has no version", "add a version file named by its effective date"),
    "TERMS030": ("impact missing", "set `impact` to favourable, adverse or editorial"),
    "TERMS031": ("summary missing", "every version after the first needs a summary in both languages"),
    "TERMS032": ("adverse change without a reason", "state the reason in both languages (民法548条の4)"),
    "TERMS033": ("notice period too short", "announce earlier or move `effective` later"),
    "TERMS034": ("adverse change announced too late", "an adverse change must be announced before it takes effect"),
    "TERMS035": ("published version without announcement date", "set `announced`"),
    "TERMS040": ("published text changed", "published history cannot be rewritten: make the correction a new version"),
    "TERMS041": ("translation of a published version changed without a note", "record the fix in `note`"),
    "TERMS042": ("published version deleted", "restore the file: published history cannot be deleted"),
    "TERMS043": ("git base cannot be read", "fetch the base branch or give an existing ref"),
}
