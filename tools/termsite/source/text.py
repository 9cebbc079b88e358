"""Bytes to text: a file read safely (size, kind, place), decoded as UTF-8, refused if it is not text."""

from __future__ import annotations

from pathlib import Path

from termsite.diagnostics.diagnostic import Diagnostic
from termsite.source.problems import diag
from termsite.source.safe_read import NotReadable, TooBig, read_regular

MAX_FILE_BYTES = 5 * 1024 * 1024


def read_text(path: Path, display: str, root: Path | None = None) -> tuple[str | None, list[Diagnostic]]:
    """The file's text, or a diagnostic if it is too big, empty, unreadable, not UTF-8 or not a regular file.

    With ``root``, the file must lie inside it (symbolic links resolved).
    """
    raw, diags = read_bytes(path, display, root)
    if raw is None:
        return None, diags
    return decode_text(raw, display)


def read_bytes(path: Path, display: str, root: Path | None = None) -> tuple[bytes | None, list[Diagnostic]]:
    """The file's bytes, or a diagnostic if it is too big, unreadable or not a regular file (inside ``root``)."""
    try:
        return read_regular(path, MAX_FILE_BYTES, root), []
    except TooBig as exc:
        return None, [diag("TERMS001", exc.message, display, hint="split the text or remove what is not terms")]
    except NotReadable as exc:
        return None, [diag("TERMS001", exc.message, display, hint=exc.hint)]


def decode_text(raw: bytes, display: str) -> tuple[str | None, list[Diagnostic]]:
    """The text of a file's bytes, or a diagnostic if it is empty or not UTF-8 text."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [diag("TERMS001", f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded",
                           display, line, col, hint="save the file as UTF-8")]
    if not text.strip() or _only_comments(text):
        return None, [diag("TERMS001", "file is empty", display, hint="add the content or delete the file")]
    if "\x00" in text:
        i = text.index("\x00")
        return None, [diag("TERMS001", "file contains a NUL character: it is not text", display, *line_col(text, i))]
    return text, []


def _only_comments(text: str) -> bool:
    """Every line is blank or a comment; a text with content near its start is not split whole."""
    head = text[:4096].splitlines()[:-1]  # complete lines only: the last one may go on past the cut
    if any(ln.strip() and not ln.lstrip().startswith("#") for ln in head):
        return False
    return all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines())


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of the character at ``index`` of ``text``."""
    index = max(0, min(index, len(text)))
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1
