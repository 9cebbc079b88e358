"""One function over many items on forked worker processes, the results taken back by index.

Workers are forked from the caller, so they inherit everything it has loaded and nothing is sent to
them but item numbers. The numbers wait in a pipe filled before the fork: a worker that is free
reads the next chunk of them (reads of a few bytes from a pipe are atomic), so a worker slowed by
another process on the machine just does fewer chunks, and no lock exists that a dying worker could
leave held. Each worker sends ``(index, result)`` back on its own pipe as soon as an item is done.

Nothing is lost for good and nothing hangs: an item whose work raised, or whose worker died, has
the result ``None``, and the caller does that item itself. Workers do not outlive the caller: on
Linux each asks the kernel to kill it when the process that forked it dies (even by ``kill -9``), and
everywhere each holds no reading end of any result pipe, so a worker whose caller is gone gets a
broken pipe on its next result and exits instead of waiting for a reader that will never come.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import struct
import sys
from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:  # multiprocessing is imported only to fork: a tenth of the start-up of a small check
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

T = TypeVar("T")
R = TypeVar("R")

_INDEX = struct.Struct("<I")
#: The task pipe is filled before any worker reads it, so it must fit in the pipe's buffer (64 KiB).
_MAX_CHUNKS = 4096
_PIPE_BYTES = 1 << 20


def usable_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def fork_available() -> bool:
    """Whether worker processes can be forked here (not on Windows)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


class ForkedMap(Generic[T, R]):
    """``work(item)`` for every item, computed on ``workers`` forked processes.

    Use as a context manager; :meth:`result` blocks until the result of one item is in.
    """

    def __init__(self, work: Callable[[T], R], items: Sequence[T], workers: int, chunk: int = 4) -> None:
        self._results: dict[int, R | None] = {}
        self._open: list[Connection] = []
        self._processes: list[BaseProcess] = []
        chunk = max(chunk, -(-len(items) // _MAX_CHUNKS))
        tasks_read, tasks_write = os.pipe()
        try:
            os.write(tasks_write, b"".join(_INDEX.pack(i) for i in range(0, len(items), chunk)))
        finally:
            os.close(tasks_write)  # a worker reading past the last chunk gets end-of-file
        # a child would print again what the parent has written but not yet flushed
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        import multiprocessing

        context = multiprocessing.get_context("fork")
        try:
            parent = os.getpid()
            _die_with_parent_call()  # looked up here, once: the workers only call it
            for _ in range(workers):
                receive, send = context.Pipe(duplex=False)
                _widen(send)
                # the reading ends this worker would inherit: its own and those of the workers before it
                readers = (*self._open, receive)
                process = context.Process(target=_serve, args=(work, items, chunk, tasks_read, send, parent, readers),
                                          daemon=True)
                with _sigint_held():  # and a Ctrl-C comes once the worker is on the lists that close() reaps
                    process.start()
                    # the parent must not hold a sending end: end-of-file on the pipe is how it learns
                    # that the worker is gone (and the next worker must not inherit it either)
                    send.close()
                    self._processes.append(process)
                    self._open.append(receive)
        except BaseException:
            self.close()
            raise
        finally:
            os.close(tasks_read)

    def result(self, index: int) -> R | None:
        """The result for ``items[index]``, or ``None`` if its work failed or its worker died.

        Each result is handed out once (the parent keeps nothing it has already taken).
        """
        from multiprocessing.connection import Connection, wait

        while index not in self._results and self._open:
            for conn in wait(self._open):
                assert isinstance(conn, Connection)
                try:
                    i, value = conn.recv()
                except Exception:  # end of file, or a message cut short by a dying worker
                    self._open.remove(conn)
                    conn.close()
                    continue
                self._results[i] = value
        return self._results.pop(index, None)

    def close(self) -> None:
        """Reap the workers; any still working (the caller stopped early) are stopped."""
        for conn in self._open:
            conn.close()  # a worker still sending gets a broken pipe and exits
        self._open = []
        for process in self._processes:
            process.join(timeout=1)
            if process.is_alive():
                process.kill()
                process.join()
            process.close()
        self._processes = []
        self._results.clear()

    def __enter__(self) -> ForkedMap[T, R]:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold Ctrl-C back while a worker is forked: the worker starts with it held, so one that arrives
    before the worker has set it aside cannot interrupt it half started; here it is delivered after."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _widen(conn: Connection) -> None:
    """Let a pipe hold a few results (Linux: 1 MiB, not 64 KiB), so a worker rarely waits for the reader."""
    try:
        import fcntl

        fcntl.fcntl(conn.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):  # not Linux, or over /proc/sys/fs/pipe-max-size
        pass


_PR_SET_PDEATHSIG = 1


@functools.cache
def _die_with_parent_call() -> Callable[..., int] | None:
    """Linux's ``prctl``, looked up once (``None`` elsewhere, or where it cannot be loaded)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    except (ImportError, OSError, AttributeError):
        return None
    return prctl


def die_with_parent(parent: int) -> None:
    """In a process just forked from ``parent``: be killed when it dies; exit now if it already has."""
    prctl = _die_with_parent_call()
    if prctl is not None:
        # SIGKILL when the thread that forked this process ends: ForkedMap forks from the thread that
        # then waits for the results, so that thread ending means nobody will read them
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request above took effect
        os._exit(0)


def _serve(work: Callable[[T], R], items: Sequence[T], chunk: int, tasks: int, send: Connection, parent: int,
           readers: tuple[Connection, ...]) -> None:
    """A worker: take chunks from the task pipe until it is empty, sending each result as it is made."""
    die_with_parent(parent)
    # Ctrl-C reaches the whole process group: the parent stops the workers, which need not report it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held since the fork (_sigint_held)
    for conn in readers:
        # a worker holding a reading end would keep its own or another worker's pipe open after the
        # parent died, and a worker writing into a full pipe nobody reads waits forever
        conn.close()
    while True:
        task = os.read(tasks, _INDEX.size)
        if len(task) < _INDEX.size:
            break
        (start,) = _INDEX.unpack(task)
        for i in range(start, min(start + chunk, len(items))):
            try:
                value: R | None = work(items[i])
            except Exception:
                value = None
            try:
                send.send((i, value))
            except OSError:  # the parent has stopped listening (EPIPE: Python ignores SIGPIPE)
                return
    send.close()
