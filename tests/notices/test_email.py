"""Email announcements: rendering, and sending through a real SMTP server on loopback."""

from __future__ import annotations

import email
import email.policy
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from termsite.adapters.cli import main

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
    (tmp_path / "templates").symlink_to(ROOT / "templates")
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


class Recorder:
    """An SMTP handler that accepts ``accept`` messages, then fails every later one with 451."""

    def __init__(self, accept: int = 10**6) -> None:
        self.accept = accept
        self.received: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if len(self.received) >= self.accept:
            return "451 4.3.0 Temporary failure, try again later"
        self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 2.0.0 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[Any]:
    servers: list[Controller] = []

    def start(handler: Recorder) -> int:
        port = _free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        servers.append(controller)
        return port

    yield start
    for c in servers:
        c.stop()


def test_send_interrupted_mid_way_then_resumed_sends_each_recipient_once(
    repo: Path, tmp_path: Path, smtp_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    people = [f"customer{i}@example.com" for i in range(5)]
    to_file = tmp_path / "to.txt"
    to_file.write_text("# registered contacts\n" + "\n".join(people) + "\n\n" + people[0].upper() + "\n",
                       encoding="utf-8")
    log = tmp_path / "sent.log"

    failing = Recorder(accept=2)
    port = smtp_server(failing)
    code, _, err = run(repo, "--send", "--smtp", f"127.0.0.1:{port}", "--to-file", str(to_file), "--log", str(log),
                       capsys=capsys)
    assert code == 1
    assert "sending stopped after 2 of 5 message(s)" in err
    assert "run the same command again" in err
    assert [r for r, _ in failing.received] == [[people[0]], [people[1]]]
    logged = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [r["recipient"] for r in logged] == people[:2]

    working = Recorder()
    port = smtp_server(working)
    code, _, err = run(repo, "--send", "--smtp", f"127.0.0.1:{port}", "--to-file", str(to_file), "--log", str(log),
                       capsys=capsys)
    assert code == 0, err
    assert [r for r, _ in working.received] == [[p] for p in people[2:]]
    everyone = [r[0] for r, _ in failing.received] + [r[0] for r, _ in working.received]
    assert sorted(everyone) == sorted(people)  # nobody twice, nobody skipped

    # a third run sends nothing
    code, _, err = run(repo, "--send", "--smtp", f"127.0.0.1:{port}", "--to-file", str(to_file), "--log", str(log),
                       capsys=capsys)
    assert code == 0
    assert len(working.received) == 3
    assert "sent 0, already sent before 5, recipients 5" in err

    # each message is personal and carries a stable id for the recipient
    msg = email.message_from_bytes(working.received[0][1], policy=email.policy.default)
    assert msg["To"] == people[2]
    assert msg["Message-ID"].startswith("<notice-demo-2025-04-01-ja-")


def test_bad_recipient_file_sends_nothing(repo: Path, tmp_path: Path, smtp_server: Any,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    to_file = tmp_path / "to.txt"
    to_file.write_text("ok@example.com\nnot an address\n", encoding="utf-8")
    handler = Recorder()
    port = smtp_server(handler)
    code, _, err = run(repo, "--send", "--smtp", f"127.0.0.1:{port}", "--to-file", str(to_file),
                       "--log", str(tmp_path / "l.log"), capsys=capsys)
    assert code == 1
    assert f"{to_file}:2:1: not an email address: 'not an address'" in err
    assert handler.received == []


def test_unreachable_server_is_a_clear_error(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    to_file = tmp_path / "to.txt"
    to_file.write_text("ok@example.com\n", encoding="utf-8")
    code, _, err = run(repo, "--send", "--smtp", f"127.0.0.1:{_free_port()}", "--to-file", str(to_file),
                       "--log", str(tmp_path / "l.log"), capsys=capsys)
    assert code == 1
    assert "sending stopped after 0 of 1 message(s)" in err
    assert "Traceback" not in err
