"""Email announcements: rendering, and sending through a real SMTP server on loopback."""

from __future__ import annotations

import email
import email.policy
import fcntl
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from termsite.adapters.cli.main import main

ROOT = Path(__file__).resolve().parents[2]

DOC = """\
id: demo
title: {ja: デモ約款, en: Demo Terms}
original: ja
numbering: statute
change_clause: amendment
publisher: {ja: 株式会社デモ, en: "Demo, Inc."}
"""
ARTS = """\
articles:
  - id: purpose
    title: {ja: 目的, en: Purpose}
    paragraphs:
      - text: {ja: 本約款は、本サービスに適用します。, en: These Terms apply to the Service.}
  - id: amendment
    title: {ja: 変更, en: Amendment}
    paragraphs:
      - text: {ja: 当社は、本約款を変更できます。, en: The Company may amend these Terms.}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "terms/demo").mkdir(parents=True)
    (tmp_path / "terms/demo/document.yml").write_text(DOC, encoding="utf-8")
    (tmp_path / "terms/demo/2024-01-01.yml").write_text(
        "effective: 2024-01-01\nannounced: 2023-12-01\nstatus: published\n" + ARTS, encoding="utf-8")
    (tmp_path / "terms/demo/2025-04-01.yml").write_text(
        "effective: 2025-04-01\nannounced: 2025-02-01\nstatus: published\nimpact: adverse\n"
        "summary: {ja: 料金を改定します。, en: Fees change.}\n"
        "reason: {ja: 原価の上昇のため。, en: \"Costs rose; <b>not markup</b>.\"}\n" + ARTS, encoding="utf-8")
    return tmp_path


def run(repo: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--root", str(repo), "notice", "demo", "2025-04-01", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_text_announcement_states_what_the_law_requires(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(repo, "--lang", "ja", capsys=capsys)
    assert code == 0
    assert out.startswith("【重要】デモ約款改定のお知らせ（2025年4月1日施行）\n")
    assert "改定後のデモ約款は2025年4月1日から適用されます" in out  # the fact and the effective date
    assert "■ 掲示日: 2025年2月1日" in out
    assert "料金を改定します。" in out and "原価の上昇のため。" in out  # summary and reason
    assert "デモ約款第2条（変更）の定めにより、掲示後に本サービスをご利用いただいた時点で" in out  # change clause
    assert "https://terms.example.com/demo/2025-04-01/" in out
    assert "https://terms.example.com/demo/2025-04-01/changes/" in out
    assert "https://terms.example.com/notices/demo-2025-04-01/" in out


def test_eml_is_utf8_with_html_alternative_and_deterministic(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, first, _ = run(repo, "--lang", "en", "--format", "eml", capsys=capsys)
    assert code == 0
    _, second, _ = run(repo, "--lang", "en", "--format", "eml", capsys=capsys)
    assert first == second
    msg = email.message_from_string(first, policy=email.policy.default)
    assert msg["Subject"] == "Important: changes to the Demo Terms, effective April 1, 2025"
    assert msg["Date"] == "Sat, 01 Feb 2025 00:00:00 +0900"
    assert msg.get_content_type() == "multipart/alternative"
    plain = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert plain is not None and html is not None
    assert plain.get_content_charset() == "utf-8"
    assert "https://terms.example.com/en/demo/2025-04-01/changes/" in plain.get_content()
    html_text = html.get_content()
    assert "&lt;b&gt;not markup&lt;/b&gt;" in html_text and "<b>not markup</b>" not in html_text
    assert '<html lang="en">' in html_text
    assert "reference translation" in plain.get_content()


def test_markdown_escapes_text(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(repo, "--lang", "en", "--format", "markdown", capsys=capsys)
    assert code == 0
    assert r"Costs rose; \<b\>not markup\<\/b\>." in out or r"Costs rose; \<b\>not markup\</b\>." in out
    assert "- [Old and new text compared](https://terms.example.com/en/demo/2025-04-01/changes/)" in out


def test_bad_requests(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "notice", "demo", "2024-01-01"]) == 2
    assert "first version" in capsys.readouterr().err
    assert main(["--root", str(repo), "notice", "nope", "2024-01-01"]) == 2
    assert "unknown document 'nope'" in capsys.readouterr().err
    assert main(["--root", str(repo), "notice", "demo", "2025-04-01", "--send"]) == 2
    assert "--send needs --to-file" in capsys.readouterr().err


class Server:
    """An SMTP handler that records what it accepts and refuses or drops chosen recipients.

    ``rcpt`` and ``data`` map an address to the reply given at RCPT or at the end of DATA; ``drop_rcpt``
    and ``drop_data`` map an address to how many times the connection is closed at that step instead of
    replying; ``mail`` is a reply to every MAIL FROM; ``accept`` fails every message after that many with
    451 at DATA."""

    def __init__(self, *, rcpt: dict[str, str] | None = None, data: dict[str, str] | None = None,
                 drop_rcpt: dict[str, int] | None = None, drop_data: dict[str, int] | None = None,
                 mail: str | None = None, accept: int = 10**6) -> None:
        self.rcpt, self.data = rcpt or {}, data or {}
        self.drop_rcpt, self.drop_data = dict(drop_rcpt or {}), dict(drop_data or {})
        self.mail, self.accept = mail, accept
        self.received: list[tuple[list[str], bytes]] = []
        self.connections = 0

    async def handle_EHLO(self, server: Any, session: Any, envelope: Any, hostname: str,
                          responses: list[str]) -> list[str]:
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        if self.mail:
            return self.mail
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        if self.drop_rcpt.get(address, 0) > 0:
            self.drop_rcpt[address] -= 1
            server.transport.close()
            return "421 going away"
        if address in self.rcpt:
            return self.rcpt[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        (rcpt,) = envelope.rcpt_tos
        if self.drop_data.get(rcpt, 0) > 0:
            self.drop_data[rcpt] -= 1
            server.transport.close()
            return "421 going away"
        if rcpt in self.data:
            return self.data[rcpt]
        if len(self.received) >= self.accept:
            return "451 4.3.0 Temporary failure, try again later"
        self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 2.0.0 OK queued"

    def got(self) -> list[str]:
        """The recipients of the messages accepted, in order."""
        return [r for rcpts, _ in self.received for r in rcpts]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[Any]:
    servers: list[Controller] = []

    def start(handler: Server) -> int:
        port = _free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        servers.append(controller)
        return port

    yield start
    for c in servers:
        c.stop()


def send(repo: Path, port: int, to_file: Path, log: Path, capsys: pytest.CaptureFixture[str],
         *extra: str) -> tuple[int, list[str]]:
    """``terms notice demo 2025-04-01 --send`` with the send log in the store ``log``: the exit code and the
    lines on stderr."""
    code, _, err = run(repo, "--send", "--smtp", f"127.0.0.1:{port}", "--to-file", str(to_file), "--store", str(log),
                       *extra, capsys=capsys)
    assert "Traceback" not in err
    return code, err.splitlines()


def records(log: Path) -> list[dict[str, Any]]:
    from termsite.adapters.sqlite_store import Store

    with Store.open(log) as store:
        return [r.as_json() for r in store.sends()]


def test_send_interrupted_mid_way_then_resumed_sends_each_recipient_once(
    repo: Path, tmp_path: Path, smtp_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    people = [f"customer{i}@example.com" for i in range(5)]
    to_file = tmp_path / "to.txt"
    to_file.write_text("# registered contacts\n" + "\n".join(people) + "\n\n" + people[0].upper() + "\n",
                       encoding="utf-8")
    log = tmp_path / "sent.log"

    failing = Server(accept=2)  # the server's queue fills after two messages
    code, err = send(repo, smtp_server(failing), to_file, log, capsys)
    assert code == 1
    assert failing.got() == people[:2]
    assert "terms: sent 2, deferred 3, refused 0, not attempted 0; before this run: sent 0, refused 0; " \
           "recipients 5" in err
    assert [(r["event"], r["recipient"]) for r in records(log)] == [
        ("sent", people[0]), ("sent", people[1]), *[("deferred", p) for p in people[2:]]]

    working = Server()
    code, err = send(repo, smtp_server(working), to_file, log, capsys)
    assert code == 0, err
    assert working.got() == people[2:]
    assert sorted(failing.got() + working.got()) == sorted(people)  # nobody twice, nobody skipped

    # a third run sends nothing, and everyone has been told
    code, err = send(repo, smtp_server(working), to_file, log, capsys)
    assert code == 0
    assert len(working.received) == 3
    assert err == ["terms: sent 0, deferred 0, refused 0, not attempted 0; before this run: sent 5, refused 0; "
                   "recipients 5"]

    # each message is personal and carries a stable id for the recipient
    msg = email.message_from_bytes(working.received[0][1], policy=email.policy.default)
    assert msg["To"] == people[2]
    assert msg["Message-ID"].startswith("<notice-demo-2025-04-01-ja-")


def test_refused_recipients_are_logged_and_the_others_still_sent(
    repo: Path, tmp_path: Path, smtp_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    ok1, grey, gone, full, ok2 = (f"{n}@example.com" for n in ("ok1", "grey", "gone", "full", "ok2"))
    to_file = tmp_path / "to.txt"
    to_file.write_text("\n".join([ok1, grey, gone, full, ok2]) + "\n", encoding="utf-8")
    log = tmp_path / "sent.log"

    refusing = Server(rcpt={grey: "451 4.7.1 Greylisted, try again later", gone: "550 5.1.1 No such user"},
                      data={full: "452 4.2.2 Mailbox full"})
    code, err = send(repo, smtp_server(refusing), to_file, log, capsys)
    assert code == 1
    assert refusing.got() == [ok1, ok2]
    assert err == [
        f"sent 1/5: {ok1}",
        f"deferred 2/5: {grey}: 451 4.7.1 Greylisted, try again later",
        f"refused 3/5: {gone}: 550 5.1.1 No such user",
        f"deferred 4/5: {full}: 452 4.2.2 Mailbox full",
        f"sent 5/5: {ok2}",
        "terms: sent 2, deferred 2, refused 1, not attempted 0; before this run: sent 0, refused 0; recipients 5",
        f"terms: 2 recipient(s) deferred or not attempted: run the same command again later to retry them "
        f"(whoever is sent is logged in {log} and never sent to twice)",
        f"terms: 1 recipient(s) refused permanently are not retried: correct them in {to_file} "
        "(a corrected address is sent to by the next run) or reach them another way",
    ]
    logged = records(log)
    assert [(r["event"], r["recipient"], r["code"], r["reply"]) for r in logged] == [
        ("sent", ok1, 250, "2.0.0 OK queued"),
        ("deferred", grey, 451, "4.7.1 Greylisted, try again later"),
        ("refused", gone, 550, "5.1.1 No such user"),
        ("deferred", full, 452, "4.2.2 Mailbox full"),
        ("sent", ok2, 250, "2.0.0 OK queued"),
    ]
    assert all(r["notice"] == "demo/2025-04-01/ja" and r["time"].endswith("+00:00") for r in logged)
    assert logged[0]["message_id"].startswith("<notice-demo-2025-04-01-ja-") and "message_id" not in logged[1]

    # the server now takes everyone: only the deferred are sent; the refused one is not tried again
    accepting = Server()
    code, err = send(repo, smtp_server(accepting), to_file, log, capsys)
    assert code == 1  # not everyone has been told: one address was refused for good
    assert accepting.got() == [grey, full]
    assert f"terms: refused before: {gone}: 550 5.1.1 No such user" in err
    assert "terms: sent 2, deferred 0, refused 0, not attempted 0; before this run: sent 2, refused 1; " \
           "recipients 5" in err

    # a third run sends nobody
    again = Server()
    code, err = send(repo, smtp_server(again), to_file, log, capsys)
    assert code == 1
    assert again.received == [] and again.connections == 0
    assert "terms: sent 0, deferred 0, refused 0, not attempted 0; before this run: sent 4, refused 1; " \
           "recipients 5" in err

    # correcting the refused address in the file makes it a new recipient, and then everyone is told
    to_file.write_text("\n".join([ok1, grey, "gone.fixed@example.com", full, ok2]) + "\n", encoding="utf-8")
    code, err = send(repo, smtp_server(again), to_file, log, capsys)
    assert code == 0, err
    assert again.got() == ["gone.fixed@example.com"]


def test_a_dropped_connection_is_reconnected_and_nobody_is_lost(
    repo: Path, tmp_path: Path, smtp_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    people = [f"p{i}@example.com" for i in range(4)]
    to_file = tmp_path / "to.txt"
    to_file.write_text("\n".join(people) + "\n", encoding="utf-8")
    log = tmp_path / "sent.log"
    # p1: dropped before the message went out (tried again at once); p2: dropped after it was handed over
    # (it may have arrived: deferred, tried again by the next run)
    flaky = Server(drop_rcpt={people[1]: 1}, drop_data={people[2]: 1})
    code, err = send(repo, smtp_server(flaky), to_file, log, capsys)
    assert code == 1
    assert flaky.got() == [people[0], people[1], people[3]]
    assert flaky.connections == 3
    assert [(r["event"], r["recipient"], r["code"]) for r in records(log)] == [
        ("sent", people[0], 250), ("sent", people[1], 250), ("deferred", people[2], None), ("sent", people[3], 250)]
    assert "may have been delivered" in records(log)[2]["reply"]
    assert "terms: sent 3, deferred 1, refused 0, not attempted 0; before this run: sent 0, refused 0; " \
           "recipients 4" in err

    code, err = send(repo, smtp_server(flaky), to_file, log, capsys)
    assert code == 0, err
    assert flaky.got() == [people[0], people[1], people[3], people[2]]


def test_a_server_that_keeps_dropping_stops_the_run_and_the_rest_are_sent_later(
    repo: Path, tmp_path: Path, smtp_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    people = [f"p{i}@example.com" for i in range(4)]
    to_file = tmp_path / "to.txt"
    to_file.write_text("\n".join(people) + "\n", encoding="utf-8")
    log = tmp_path / "sent.log"
    broken = Server(drop_rcpt={people[1]: 99})
    code, err = send(repo, smtp_server(broken), to_file, log, capsys)
    assert code == 1
    assert broken.got() == [people[0]]
    assert err[1].startswith("terms: error: sending stopped: the server closed the connection 3 times in a row")
    assert "terms: sent 1, deferred 0, refused 0, not attempted 3; before this run: sent 0, refused 0; " \
           "recipients 4" in err
    assert [r["recipient"] for r in records(log)] == [people[0]]

    working = Server()
    code, err = send(repo, smtp_server(working), to_file, log, capsys)
    assert code == 0, err
    assert working.got() == people[1:]


def test_a_refused_sender_stops_the_run_with_nobody_sent(
    repo: Path, tmp_path: Path, smtp_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    to_file = tmp_path / "to.txt"
    to_file.write_text("a@example.com\nb@example.com\n", encoding="utf-8")
    log = tmp_path / "sent.log"
    server = Server(mail="553 5.7.1 Sender address rejected")
    code, err = send(repo, smtp_server(server), to_file, log, capsys)
    assert code == 1
    assert server.received == []
    assert err[0] == ("terms: error: sending stopped: the server refused the sender terms@example.com: "
                      "553 5.7.1 Sender address rejected; nobody more can be sent to (check --from)")
    assert "terms: sent 0, deferred 0, refused 0, not attempted 2; before this run: sent 0, refused 0; " \
           "recipients 2" in err
    assert records(log) == []


def test_old_logs_with_only_sent_records_are_still_read(
    repo: Path, tmp_path: Path, smtp_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    to_file = tmp_path / "to.txt"
    to_file.write_text("a@example.com\nb@example.com\n", encoding="utf-8")
    old = tmp_path / "sent.log"  # a JSON-lines log of an earlier termsite: taken into the store, once
    old.write_text(json.dumps({"event": "sent", "notice": "demo/2025-04-01/ja", "recipient": "A@example.com",
                               "message_id": "<x@y>", "time": "2025-02-01T00:00:00+00:00"}) + "\n", encoding="utf-8")
    log = tmp_path / "store.sqlite"
    server = Server()
    code, err = send(repo, smtp_server(server), to_file, log, capsys, "--log", str(old))
    assert code == 0, err
    assert server.got() == ["b@example.com"]
    assert err[0] == f"terms: took 1 record(s) of {old} into the send log of {log} (the file is kept as it is and no longer written)"
    code, err = send(repo, smtp_server(server), to_file, log, capsys, "--log", str(old))
    assert code == 0 and not any("took" in line for line in err)  # taken in once
    assert [(r["event"], r["recipient"]) for r in records(log)] == [("sent", "A@example.com"), ("sent", "b@example.com")]


def test_a_second_run_on_the_same_log_waits_its_turn(
    repo: Path, tmp_path: Path, smtp_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    to_file = tmp_path / "to.txt"
    to_file.write_text("a@example.com\n", encoding="utf-8")
    log = tmp_path / "sent.log"
    server = Server()
    with log.with_name(log.name + ".send-lock").open("a") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        code, err = send(repo, smtp_server(server), to_file, log, capsys)
    assert code == 1
    assert err == [f"terms: error: {log}: another send is running with this store; wait for it to finish"]
    assert server.received == []


def test_bad_recipient_lines_are_located_and_nothing_is_sent(
    repo: Path, tmp_path: Path, smtp_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    to_file = tmp_path / "to.txt"
    lines = [
        "ok@example.com  # a comment",
        "not an address",
        "cr\rlf@example.com",
        "tab\t@example.com",
        "nul\0@example.com",
        "del\x7f@example.com",
        "c1\x85@example.com",
        "bidi@exa\u202emple.com",
        "zw\u200b@example.com",
        "\thyphen@-example.com",
        "digits@example.123",
        "long@" + "x" * 64 + ".com",
        "nodot@localhost",
        "badpuny@xn--zz.example",
        "mapped@stra\u00dfe.de",
        "kunde@b\u00fccher.de",
        "two@@example.com",
    ]
    to_file.write_bytes("\r\n".join(lines).encode() + b"\r\n")
    server = Server()
    log = tmp_path / "l.log"
    code, err = send(repo, smtp_server(server), to_file, log, capsys)
    assert code == 1
    f = str(to_file)
    assert err == [
        f"terms: error: {f}:2:4: a space in 'not an address': one address a line, nothing else",
        f"{f}:3:3: control or invisible character U+000D (a control character) in 'cr⟨U+000D⟩lf@example.com'",
        f"{f}:4:4: control or invisible character U+0009 (a control character) in 'tab⟨U+0009⟩@example.com'",
        f"{f}:5:4: control or invisible character U+0000 (a control character) in 'nul⟨U+0000⟩@example.com'",
        f"{f}:6:4: control or invisible character U+007F (a control character) in 'del⟨U+007F⟩@example.com'",
        f"{f}:7:3: control or invisible character U+0085 (a control character) in 'c1⟨U+0085⟩@example.com'",
        f"{f}:8:9: control or invisible character U+202E RIGHT-TO-LEFT OVERRIDE in 'bidi@exa⟨U+202E⟩mple.com'",
        f"{f}:9:3: control or invisible character U+200B ZERO WIDTH SPACE in 'zw⟨U+200B⟩@example.com'",
        f"{f}:10:9: the domain label '-example' in 'hyphen@-example.com' starts or ends with a hyphen",
        f"{f}:11:16: the top-level domain of 'example.123' is all digits, in 'digits@example.123'",
        f"{f}:12:6: the domain label '{'x' * 64}' in 'long@{'x' * 64}.com' is longer than 63 characters",
        f"{f}:13:7: the domain 'localhost' needs a dot (example.com), in 'nodot@localhost'",
        f"{f}:14:9: the domain label 'xn--zz' in 'badpuny@xn--zz.example' is not a valid internationalised label",
        f"{f}:15:8: the domain label 'straße' in 'mapped@straße.de' is not a valid internationalised domain label",
        f"{f}:17:1: not an email address: 'two@@example.com' (before the @: ASCII letters, digits, dots between "
        "them and !$%&'*+-/=?^_`{|}~)",
        "fix these lines; nothing was sent",
    ]
    assert server.received == [] and server.connections == 0
    assert not log.exists()


def test_an_internationalised_domain_is_sent_to_in_ascii(
    repo: Path, tmp_path: Path, smtp_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    to_file = tmp_path / "to.txt"
    to_file.write_text("\ufeffkunde@b\u00fccher.de\nkunde@XN--BCHER-KVA.de\n", encoding="utf-8")  # one person
    server = Server()
    code, err = send(repo, smtp_server(server), to_file, tmp_path / "l.log", capsys)
    assert code == 0, err
    assert server.got() == ["kunde@xn--bcher-kva.de"]
    msg = email.message_from_bytes(server.received[0][1], policy=email.policy.default)
    assert msg["To"] == "kunde@xn--bcher-kva.de"


def test_unreachable_server_is_a_clear_error(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    to_file = tmp_path / "to.txt"
    to_file.write_text("ok@example.com\n", encoding="utf-8")
    port = _free_port()
    code, err = send(repo, port, to_file, tmp_path / "l.log", capsys)
    assert code == 1
    assert err[0].startswith(f"terms: error: sending stopped: cannot connect to 127.0.0.1:{port} (")
    assert "terms: sent 0, deferred 0, refused 0, not attempted 1; before this run: sent 0, refused 0; " \
           "recipients 1" in err


def test_an_unusable_from_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(repo, "--format", "eml", "--from", "Terms <terms@example.com>\r\nBcc: all@example.com",
                         capsys=capsys)
    assert code == 2
    assert out == ""
    assert err.splitlines()[0] == ("terms: error: --from: control or invisible character U+000D (a control character) in "
                                   "'Terms <terms@example.com>⟨U+000D⟩⟨U+000A⟩Bcc: all@example.com'")


def _terms(*args: str) -> subprocess.CompletedProcess[str]:
    """``terms …`` in a new Python process, with this checkout's code."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tools")}
    return subprocess.run([sys.executable, "-c", "import sys; from termsite.adapters.cli.main import main; sys.exit(main())",
                           *args], capture_output=True, text=True, env=env, timeout=120, check=False)


@pytest.mark.parametrize(("title", "char"), [('"Demo\\nTerms"', "U+000A"),
                                             ('"Demo\\r\\nBcc: all@example.com"', "U+000D"),
                                             ('"Demo\\u202eTerms"', "U+202E"), ('"Demo\\tTerms"', "U+0009")])
def test_a_title_no_header_can_carry_is_a_clean_error_in_every_format(
    repo: Path, tmp_path: Path, smtp_server: Any, title: str, char: str
) -> None:
    doc = repo / "terms/demo/document.yml"
    doc.write_text(DOC.replace("en: Demo Terms", f"en: {title}"), encoding="utf-8")
    to_file = tmp_path / "to.txt"
    to_file.write_text("ok@example.com\n", encoding="utf-8")
    server = Server()
    port = smtp_server(server)
    common = ["--root", str(repo), "notice", "demo", "2025-04-01", "--lang", "en"]
    for extra in (["--format", "text"], ["--format", "markdown"], ["--format", "eml"],
                  ["--send", "--smtp", f"127.0.0.1:{port}", "--to-file", str(to_file), "--log", str(tmp_path / "l")]):
        done = _terms(*common, *extra)
        assert done.returncode == 1, (extra, done.stderr)
        assert "Traceback" not in done.stderr and "ValueError" not in done.stderr
        assert done.stdout == ""
        (line,) = done.stderr.splitlines()
        assert line.startswith(f"terms: error: terms/demo/document.yml:2:23: the en title of demo holds {char} "), line
        assert line.endswith("which an email header cannot carry; write it as one line of plain text; "
                             "nothing was written or sent")
    assert server.received == [] and server.connections == 0
    # the Japanese title is fine: its announcement is still written
    assert _terms("--root", str(repo), "notice", "demo", "2025-04-01", "--lang", "ja").returncode == 0


def test_the_message_builder_refuses_an_unusable_header_itself(repo: Path) -> None:
    from termsite.notices.email import HeaderError, build_message
    from termsite.notices.notice import build_notice
    from termsite.site.env import make_environment
    from termsite.site.urls import notice_links
    from termsite.source.load import load_corpus

    (repo / "terms/demo/document.yml").write_text(DOC.replace("en: Demo Terms", 'en: "Demo\\nTerms"'), encoding="utf-8")
    corpus, _ = load_corpus(repo)
    doc = corpus.documents[0]
    notice = build_notice(doc, doc.versions[0], doc.versions[1], "en", corpus.config, notice_links)
    with pytest.raises(HeaderError, match=r"^the Subject header cannot hold U\+000A \(a control character\) at character 31 of "):
        build_message(notice, make_environment(repo / "templates"), sender="Terms <terms@example.com>")
    ok = build_notice(doc, doc.versions[0], doc.versions[1], "ja", corpus.config, notice_links)
    with pytest.raises(HeaderError, match=r"^the From address 'Terms <terms@example\.com>⟨U\+000A⟩Bcc: x@y\.com' "):
        build_message(ok, make_environment(repo / "templates"), sender="Terms <terms@example.com>\nBcc: x@y.com")


def test_the_announcement_comes_from_the_packaged_templates_unless_the_repository_overrides_them(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert not (repo / "templates").exists()  # no templates/ at all: the package's defaults
    code, shipped, _ = run(repo, capsys=capsys)
    assert code == 0 and shipped and not shipped.startswith("OVERRIDE ")
    (repo / "templates" / "email").mkdir(parents=True)
    (repo / "templates" / "email" / "notice.txt.j2").write_text("OVERRIDE {{ n.subject }}\n", encoding="utf-8")
    code, text, _ = run(repo, capsys=capsys)
    assert code == 0 and text.startswith("OVERRIDE ")
