"""Reading a file's bytes safely: only a regular file, only inside the repository, never more than a limit.

A FIFO would block ``open``, ``/dev/zero`` reads for ever, and a symbolic link could bring in a file from
anywhere on the machine. The file is opened without blocking and without following a last symbolic link
(its real path is checked first), checked with ``fstat`` on the descriptor actually read, and read up to
one byte past the limit, so a size that changes or lies never makes the read unbounded.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFLNK: "a symbolic link",
}
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1 << 20


class NotReadable(Exception):
    """The file cannot be read as a terms file; the message says why (without the path)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class TooBig(NotReadable):
    """The file holds more than the limit."""


def kind_of(mode: int) -> str:
    """``a FIFO``, ``a folder``...: what a file of this mode is, for a message."""
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every symbolic link resolved, lies in ``root`` (resolved as well)."""
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def read_regular(path: Path, limit: int, root: Path | None = None) -> bytes:
    """The bytes of the regular file ``path``, which must resolve inside ``root`` when it is given.

    Raises :class:`NotReadable` (or :class:`TooBig` past ``limit`` bytes) instead of blocking or reading
    without bound.
    """
    target = path
    if root is not None:
        real = os.path.realpath(path)
        if not inside(path, root):
            raise NotReadable(f"a symbolic link leads out of the repository (to {real})",
                              "only files inside the repository are read: copy the file in instead of linking it")
        target = Path(real)
    try:
        fd = os.open(target, _FLAGS | (os.O_NOFOLLOW if root is not None else 0))
    except OSError as exc:
        raise NotReadable(f"cannot read file: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotReadable(f"not a regular file ({kind_of(st.st_mode)})",
                              "a terms file must be an ordinary file: replace it with one or remove it")
        if st.st_size > limit:
            raise TooBig(f"file is {st.st_size / 1048576:.1f} MB; the limit is {limit // 1048576} MB")
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > limit:
            raise TooBig(f"file is over {limit // 1048576} MB; the limit is {limit // 1048576} MB")
        return b"".join(chunks)
    except OSError as exc:
        raise NotReadable(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
