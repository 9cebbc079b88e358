"""The operator's store: the publication ledger and the email send log in one SQLite file.

SQLite (the standard library's) in WAL mode with ``synchronous=FULL``: a committed transaction survives
a crash, and a crash in the middle of one leaves the store as it was before it. Every write is one
transaction; a ledger append takes the write lock first (``BEGIN IMMEDIATE``), so two publishing runs
append one after the other, each chained to the one before.

The ledger's record is its JSON file (:mod:`termsite.ledger.chain`): what is published, committed to the
``ledger`` branch and verified. The store is its queryable copy and is kept equal to it: an append
checks that the store and the file agree, brings in entries the file has and the store lacks (a fresh
store on a CI runner starts from the ``ledger`` branch's file), writes the new file (a temporary file,
fsynced, renamed over the old one) and only then commits. A crash between the two leaves the file one
entry ahead, which the next run takes in; the store is never ahead of the file unless the file was
replaced, which is refused (TERMS076).

Back up with ``sqlite3 store.sqlite ".backup copy.sqlite"`` or :meth:`Store.backup` (``terms ledger
backup``), safe while another run writes; ``terms ledger export`` writes the ledger's JSON.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from termsite.diagnostics.codes import Code
from termsite.diagnostics.diagnostic import Diagnostic, Location
from termsite.ledger.chain import LedgerError, dump, parse, seal, verify
from termsite.source.canonical import canonical_json

SCHEMA = 1
_TABLES = """
CREATE TABLE IF NOT EXISTS ledger (
  number INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, previous TEXT, time TEXT NOT NULL, as_of TEXT NOT NULL,
  commit_id TEXT, entry TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sends (
  id INTEGER PRIMARY KEY AUTOINCREMENT, notice TEXT NOT NULL, recipient TEXT NOT NULL,
  event TEXT NOT NULL CHECK (event IN ('sent', 'deferred', 'refused')), time TEXT NOT NULL, code INTEGER,
  reply TEXT NOT NULL DEFAULT '', message_id TEXT, origin TEXT UNIQUE);
CREATE INDEX IF NOT EXISTS sends_by_notice ON sends (notice, id);
CREATE TABLE IF NOT EXISTS migrations (
  source TEXT NOT NULL, sha256 TEXT NOT NULL, records INTEGER NOT NULL, time TEXT NOT NULL,
  PRIMARY KEY (source, sha256));
"""
SEND_FIELDS = ("event", "notice", "recipient", "time", "code", "reply", "message_id")


class StoreError(Exception):
    """The store cannot do what was asked; ``diagnostics`` (if any) are located problems."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_ledger_file(path: Path) -> list[dict[str, Any]]:
    """The verified entries of a ledger file ([] if there is none); a damaged or broken one is refused."""
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"{path}: cannot read the ledger ({exc})") from None
    try:
        ledger = parse(text, str(path))
    except LedgerError as exc:
        raise StoreError("the ledger file is damaged", [exc.diagnostic]) from None
    problems = verify(ledger)
    if problems:
        raise StoreError("the ledger file's chain is broken; nothing was appended", problems)
    return list(ledger.entries)


@dataclass(frozen=True)
class SendRecord:
    """One logged outcome of sending a notice to one recipient."""

    id: int
    event: str
    notice: str
    recipient: str
    time: str
    code: int | None
    reply: str
    message_id: str | None

    def as_json(self) -> dict[str, Any]:
        """The record as the JSON-lines log wrote it (``message_id`` only for ``sent``)."""
        out: dict[str, Any] = {"event": self.event, "notice": self.notice, "recipient": self.recipient,
                               "time": self.time, "code": self.code, "reply": self.reply}
        if self.message_id is not None:
            out["message_id"] = self.message_id
        return out


class Store:
    """One SQLite store file; open it with :meth:`open`, close it with :meth:`close` (or ``with``)."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (or create) the store at ``path``."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Switching a new file to WAL can fail at once with "database is locked" (SQLite does not
            # wait on that lock), so runs opening the store at the same moment take turns.
            with path.with_name(path.name + ".open-lock").open("a") as turn:
                fcntl.flock(turn.fileno(), fcntl.LOCK_EX)
                conn = sqlite3.connect(path, timeout=60.0, isolation_level=None)
                conn.execute("PRAGMA busy_timeout = 60000")
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA:
                    conn.close()
                    raise StoreError(f"{path}: the store was written by a newer termsite (schema {version}); "
                                     "upgrade termsite")
                if version < SCHEMA:
                    conn.executescript(f"BEGIN IMMEDIATE;{_TABLES}PRAGMA user_version = {SCHEMA};COMMIT;")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: not a usable SQLite store ({exc}); restore it from a backup or move it "
                             "away (the ledger can be taken in again from its JSON file)") from None
        except OSError as exc:
            raise StoreError(f"{path}: cannot open the store ({exc})") from None
        return cls(path, conn)

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, holding the store's write lock from its start."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # -- the ledger ---------------------------------------------------------------------------------

    def entries(self) -> list[dict[str, Any]]:
        """Every ledger entry in the store, in order."""
        rows = self._conn.execute("SELECT entry FROM ledger ORDER BY number").fetchall()
        return [json.loads(r[0]) for r in rows]

    def _reconcile(self, conn: sqlite3.Connection, ledger_file: Path) -> list[dict[str, Any]]:
        """Inside a write transaction: the entries, after taking in those only the file has."""
        for stale in ledger_file.parent.glob(f".{ledger_file.name}.tmp-*"):  # a run killed while writing
            with contextlib.suppress(OSError):
                stale.unlink()
        in_file = read_ledger_file(ledger_file)
        in_store = [json.loads(r[0]) for r in conn.execute("SELECT entry FROM ledger ORDER BY number")]
        for i, (a, b) in enumerate(zip(in_file, in_store, strict=False)):
            if a["hash"] != b["hash"]:
                raise StoreError("the store and the ledger file disagree", [Diagnostic(
                    Code.TERMS076.value, "error",
                    f"entry {i + 1} of the ledger file is not entry {i + 1} of the store {self.path}",
                    Location(str(ledger_file)), Code.TERMS076.hint)])
        if len(in_store) > len(in_file):
            raise StoreError("the store is ahead of the ledger file", [Diagnostic(
                Code.TERMS076.value, "error",
                f"the store {self.path} holds {len(in_store)} entries, the ledger file only {len(in_file)}",
                Location(str(ledger_file)), Code.TERMS076.hint)])
        for e in in_file[len(in_store):]:
            self._insert(conn, e)
        return in_file

    @staticmethod
    def _insert(conn: sqlite3.Connection, e: Mapping[str, Any]) -> None:
        conn.execute("INSERT INTO ledger (number, hash, previous, time, as_of, commit_id, entry) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (e["number"], e["hash"], e["previous"], e["time"], e["as_of"], e["commit"], canonical_json(e)))

    def sync(self, ledger_file: Path) -> list[dict[str, Any]]:
        """Take in the entries of ``ledger_file`` the store lacks; the ledger's entries."""
        with self._write() as conn:
            return self._reconcile(conn, ledger_file)

    def append(self, body: Mapping[str, Any], ledger_file: Path) -> dict[str, Any]:
        """Append ``body`` as the next entry, to the store and to ``ledger_file``; the sealed entry."""
        with self._write() as conn:
            entries = self._reconcile(conn, ledger_file)
            entry = seal(body, entries)
            self._insert(conn, entry)
            ledger_file.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(ledger_file, dump([*entries, entry]))
        return entry

    def export(self) -> str:
        """The ledger's JSON file as the store holds it."""
        return dump(self.entries())

    def backup(self, target: Path) -> None:
        """A consistent copy of the whole store at ``target`` (SQLite's online backup)."""
        dest = sqlite3.connect(target)
        try:
            self._conn.backup(dest)
        finally:
            dest.close()

    # -- the send log -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def send_lock(self) -> Iterator[None]:
        """Held while a run sends: a second run is refused rather than sending to the same people."""
        lock = self.path.with_name(self.path.name + ".send-lock")
        with lock.open("a") as fh:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise StoreError(f"{self.path}: another send is running with this store; wait for it to "
                                 "finish") from None
            yield

    def record_send(self, record: Mapping[str, Any]) -> None:
        """Append one outcome (committed, durable, before this returns)."""
        with self._write() as conn:
            conn.execute("INSERT INTO sends (event, notice, recipient, time, code, reply, message_id) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", tuple(record.get(k) for k in SEND_FIELDS))

    def sends(self, notice: str | None = None) -> list[SendRecord]:
        """The send log (of one notice key ``doc/version/lang``, or all of it), in the order logged."""
        sql = f"SELECT id, {', '.join(SEND_FIELDS)} FROM sends"
        rows = (self._conn.execute(sql + " WHERE notice = ? ORDER BY id", (notice,)) if notice is not None
                else self._conn.execute(sql + " ORDER BY id"))
        return [SendRecord(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", r[7]) for r in rows]

    def import_jsonl(self, log: Path) -> int:
        """Take in the records of a JSON-lines send log of an earlier termsite; the number of new ones.

        Each line is taken in once (keyed by its number and its bytes), so importing again, or after the
        old log grew, adds only what is new; the file itself is left as it is."""
        try:
            raw = log.read_bytes()
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(f"{log}: cannot read the send log ({exc})") from None
        rows = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                if not isinstance(rec, dict) or rec.get("event") not in ("sent", "deferred", "refused"):
                    raise ValueError
            except ValueError:
                raise StoreError("the send log is damaged", [Diagnostic(
                    Code.TERMS077.value, "error", "not a send log record; nothing was sent",
                    Location(str(log), n, 1), "repair or move the send log before sending")]) from None
            code = rec.get("code")
            origin = f"jsonl:{n}:{hashlib.sha256(line.encode('utf-8')).hexdigest()}"
            rows.append((str(rec["event"]), str(rec.get("notice", "")), str(rec.get("recipient", "")),
                         str(rec.get("time", "")), code if isinstance(code, int) else None,
                         str(rec.get("reply", "")), rec.get("message_id"), origin))
        with self._write() as conn:
            before = conn.total_changes
            conn.executemany("INSERT OR IGNORE INTO sends (event, notice, recipient, time, code, reply, "
                             "message_id, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
            added = conn.total_changes - before
            if added:
                conn.execute("INSERT OR IGNORE INTO migrations (source, sha256, records, time) "
                             "VALUES (?, ?, ?, datetime('now'))",
                             (str(log.resolve()), hashlib.sha256(raw).hexdigest(), added))
        return int(added)
