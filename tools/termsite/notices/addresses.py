"""Email addresses a notice may be sent to: checked before anything is sent.

An address is ``local@domain``. The local part is an RFC 5322 dot-atom in ASCII (letters, digits and
``!$%&'*+-/=?^_`{|}~``, dots only between them; ``#`` starts a comment in a recipients file). The
domain is a host name: at least two labels of letters, digits and hyphens, none longer than 63
characters or starting or ending with a hyphen, 253 characters at most, a top-level label that is not
all digits. An internationalised domain is accepted only if it converts to a valid ASCII (``xn--``)
form, and is sent to in that form. No control or invisible character anywhere.
"""

from __future__ import annotations

import re

from termsite.model.text_safety import code_point, first_invisible, reveal_all

_ATOM = re.compile(r"[A-Za-z0-9!$%&'*+\-/=?^_`{|}~]+\Z")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\Z")


class AddressError(ValueError):
    """An unusable address; ``column`` (0-based, in the text checked) says where."""

    def __init__(self, column: int, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


def ascii_address(text: str) -> str:
    """``text`` checked, with its domain in ASCII (``xn--`` labels); raises :class:`AddressError`."""
    bad = first_invisible(text)
    if bad is not None:
        raise AddressError(bad, f"control or invisible character {code_point(text[bad])} in '{reveal_all(text)}'")
    if " " in text:
        raise AddressError(text.index(" "), f"a space in '{text}': one address a line, nothing else")
    local, at, _ = text.rpartition("@")
    if not at or not local:
        raise AddressError(0, f"not an email address: '{text}'")
    if len(local) > 64:
        raise AddressError(0, f"the part before the @ is longer than 64 characters: '{text}'")
    if not all(_ATOM.match(atom) for atom in local.split(".")):
        raise AddressError(0, f"not an email address: '{text}' (before the @: ASCII letters, digits, "
                              "dots between them and !$%&'*+-/=?^_`{|}~)")
    ascii_domain = _ascii_domain(text, len(local) + 1)
    address = f"{local}@{ascii_domain}"
    if len(address) > 254:
        raise AddressError(0, f"the address is longer than 254 characters: '{text}'")
    return address


def _ascii_domain(text: str, start: int) -> str:
    domain = text[start:]
    if not domain:
        raise AddressError(start, f"no domain after the @ in '{text}'")
    labels = domain.split(".")
    out: list[str] = []
    col = start
    for label in labels:
        out.append(_ascii_label(text, label, col))
        col += len(label) + 1
    if len(out) < 2:
        raise AddressError(start, f"the domain '{domain}' needs a dot (example.com), in '{text}'")
    if out[-1].isdigit():
        raise AddressError(col - len(labels[-1]) - 1, f"the top-level domain of '{domain}' is all digits, in '{text}'")
    ascii_domain = ".".join(out)
    if len(ascii_domain) > 253:
        raise AddressError(start, f"the domain is longer than 253 characters, in '{text}'")
    return ascii_domain


def _ascii_label(text: str, label: str, col: int) -> str:
    where = f"the domain label '{label}' in '{text}'"
    if not label:
        raise AddressError(col, f"an empty domain label (two dots, or a dot at an end) in '{text}'")
    if label.isascii():
        ascii_label = label.lower()
        if ascii_label.startswith("xn--"):
            try:
                ascii_label.encode("ascii").decode("idna")
            except UnicodeError:
                raise AddressError(col, f"{where} is not a valid internationalised label") from None
    else:
        try:
            ascii_label = label.encode("idna").decode("ascii")
            # nameprep maps some characters to others (ß to ss): only a label that comes back as written is sent
            valid = ascii_label.encode("ascii").decode("idna") == label.lower()
        except UnicodeError:
            valid = False
        if not valid:
            raise AddressError(col, f"{where} is not a valid internationalised domain label")
    if len(ascii_label) > 63:
        raise AddressError(col, f"{where} is longer than 63 characters")
    if ascii_label.startswith("-") or ascii_label.endswith("-"):
        raise AddressError(col, f"{where} starts or ends with a hyphen")
    if not _LABEL.match(ascii_label):
        raise AddressError(col, f"{where} may hold only letters, digits and hyphens")
    return ascii_label


def parse_sender(text: str) -> tuple[str, str]:
    """``Name <local@domain>`` or ``local@domain`` as (display name, ASCII address); raises
    :class:`AddressError` (its column in ``text``)."""
    bad = first_invisible(text)
    if bad is not None:
        raise AddressError(bad, f"control or invisible character {code_point(text[bad])} in '{reveal_all(text)}'")
    stripped = text.strip()
    if stripped.endswith(">") and "<" in stripped:
        start = stripped.rindex("<")
        name = stripped[:start].strip()
        if len(name) >= 2 and name.startswith('"') and name.endswith('"'):
            name = name[1:-1]
        if any(ch in name for ch in '"<>'):
            raise AddressError(0, f"the name in '{text}' may not hold quotes or angle brackets")
        try:
            return name, ascii_address(stripped[start + 1:-1])
        except AddressError as exc:
            raise AddressError(exc.column + start + 1, exc.message) from None
    return "", ascii_address(stripped)
