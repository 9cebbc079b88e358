"""A realistic terms repository for the benchmark: N documents x V versions, generated from a seed.

Every document starts from the shipped クラウドリセールサービス約款 (terms/cloud-resale/2024-01-01.yml:
chapters, 39 articles, numbered paragraphs, items, the definitions table, 付則, 別紙), renamed for
another service. Each later version changes a few articles the way an editor would: words replaced,
a sentence added or dropped, a table cell reworded, now and then an article inserted or deleted.
Every version after the first carries its announcement date, impact and bilingual summary (and a
reason when the change is adverse) within the notice periods of site_config, so `terms check`
passes and the site has version pages, comparisons, history, notices and feeds in both languages.

Everything is drawn from one seeded random generator: the same arguments give the same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from termsite.source.canonical import version_data
from termsite.source.dump import dump_data
from termsite.source.load import load_version_text

REPO = Path(__file__).resolve().parent.parent
SEED_FILE = REPO / "terms" / "cloud-resale" / "2024-01-01.yml"
AS_OF = dt.date(2026, 10, 1)
"""The day every benchmark command runs as of (``--as-of``): fixed, so the site is the same every day."""

Data = dict[str, Any]


@dataclass(frozen=True)
class Size:
    """How many documents, and how many versions each."""

    documents: int
    versions: int

    @property
    def total(self) -> int:
        """The number of version files."""
        return self.documents * self.versions


SIZES: dict[str, Size] = {
    "tiny": Size(2, 3),
    "small": Size(3, 10),
    "medium": Size(10, 15),
    "large": Size(30, 15),
}

# (id, Japanese service name, English service name): one document each, in this order.
SERVICES: list[tuple[str, str, str]] = [
    ("cloud-resale", "クラウドリセール", "cloud resale"),
    ("hosting", "ホスティング", "hosting"),
    ("domain-registration", "ドメイン登録", "domain registration"),
    ("ssl-certificates", "SSL証明書", "SSL certificate"),
    ("managed-database", "マネージドデータベース", "managed database"),
    ("dedicated-servers", "専用サーバー", "dedicated server"),
    ("colocation", "コロケーション", "colocation"),
    ("cdn", "コンテンツ配信", "content delivery"),
    ("email-hosting", "メールホスティング", "email hosting"),
    ("backup", "バックアップ", "backup"),
    ("monitoring", "監視", "monitoring"),
    ("managed-kubernetes", "マネージドKubernetes", "managed Kubernetes"),
    ("object-storage", "オブジェクトストレージ", "object storage"),
    ("vpn", "VPN接続", "VPN connection"),
    ("dns", "DNS", "DNS"),
    ("waf", "WAF", "web application firewall"),
    ("ddos-protection", "DDoS対策", "DDoS protection"),
    ("log-analytics", "ログ分析", "log analytics"),
    ("identity", "ID管理", "identity management"),
    ("desktop-as-a-service", "仮想デスクトップ", "virtual desktop"),
    ("ai-platform", "AIプラットフォーム", "AI platform"),
    ("data-warehouse", "データウェアハウス", "data warehouse"),
    ("consulting", "クラウド導入支援", "cloud adoption support"),
    ("migration", "移行支援", "migration support"),
    ("support-plans", "テクニカルサポート", "technical support"),
    ("training", "研修", "training"),
    ("marketplace", "マーケットプレイス", "marketplace"),
    ("billing-agency", "請求代行", "billing agency"),
    ("license-resale", "ライセンス販売", "licence resale"),
    ("disaster-recovery", "災害対策", "disaster recovery"),
]

# Word changes an editor makes, tried in both directions (the longer form first).
JA_WORDS: list[tuple[str, str]] = [
    ("速やかに", "遅滞なく"),
    ("あらかじめ", "事前に"),
    ("書面", "書面又は電子メール"),
    ("当社が定める", "当社が別途定める"),
    ("一切の責任を負わない", "責任を負わない"),
    ("損害", "損害（逸失利益を含みます。）"),
    ("通知", "通知又は公表"),
    ("できるものとします", "できます"),
    ("場合", "とき"),
    ("契約者", "利用者"),
]
EN_WORDS: list[tuple[str, str]] = [
    ("promptly", "without delay"),
    ("in advance", "beforehand"),
    ("in writing", "in writing or by email"),
    ("determined by the Company", "separately determined by the Company"),
    ("shall not be liable", "shall bear no liability"),
    ("damages", "damages (including lost profits)"),
    ("notify", "notify or publicly announce to"),
    ("may", "shall be entitled to"),
    ("any", "all"),
    ("the Customer", "the User"),
]

# Sentences appended to (and later dropped from) a paragraph: (ja, en).
SENTENCES: list[tuple[str, str]] = [
    ("ただし、当社が別途定める場合はこの限りではありません。",
     "However, this shall not apply where the Company separately provides otherwise."),
    ("この場合において、当社は契約者に対しその理由を説明する義務を負わないものとします。",
     "In such case, the Company shall not be obliged to explain its reasons to the Customer."),
    ("当社は、必要に応じて、契約者に対し追加の資料の提出を求めることができます。",
     "The Company may, as necessary, request the Customer to submit additional materials."),
    ("契約者は、当社の求めに応じ、速やかに必要な協力を行うものとします。",
     "The Customer shall promptly provide the necessary cooperation at the Company's request."),
    ("当社は、当該措置に関する記録を一定期間保存するものとします。",
     "The Company shall retain records of such measures for a certain period."),
    ("契約者は、当社が指定する方法により、当該手続を行うものとします。",
     "The Customer shall carry out the procedure by the method designated by the Company."),
]


def _t(ja: str, en: str) -> Data:
    return {"ja": ja, "en": en}


def _para(ja: str, en: str) -> Data:
    return {"text": _t(ja, en)}


# Articles an editor adds (and later removes). No cross-references: positions shift around them.
NEW_ARTICLES: list[Data] = [
    {"id": "electronic-notices", "title": _t("電子的方法による通知", "Notices by Electronic Means"), "paragraphs": [
        _para("当社は、契約者に対する通知を、契約者が登録した電子メールアドレスへの送信又は当社が運営するウェブサイト上の"
              "管理画面への掲載により行うことができます。",
              "The Company may give notices to the Customer by sending them to the email address registered by the "
              "Customer or by posting them on the control panel of the website operated by the Company."),
        _para("前項の通知は、電子メールについては当社が送信した時点、管理画面への掲載については掲載した時点をもって、"
              "契約者に到達したものとみなします。",
              "A notice under the preceding paragraph shall be deemed to have reached the Customer, for email, at the "
              "time the Company sends it and, for posting on the control panel, at the time it is posted."),
    ]},
    {"id": "subcontracting", "title": _t("再委託", "Subcontracting"), "paragraphs": [
        _para("当社は、本サービスの提供に関する業務の全部又は一部を、当社の責任において第三者に委託することができます。",
              "The Company may entrust all or part of the work relating to the provision of the Service to a third "
              "party under the Company's responsibility."),
        _para("当社は、委託先に対し、本約款に基づき当社が負う義務と同等の義務を負わせるものとします。",
              "The Company shall impose on the entrusted party obligations equivalent to those the Company owes "
              "under these Terms and Conditions."),
    ]},
    {"id": "force-majeure", "title": _t("不可抗力", "Force Majeure"), "paragraphs": [
        _para("天災地変、戦争、暴動、内乱、法令の制定改廃、公権力による命令処分、争議行為、輸送機関の事故、"
              "電気通信事業者の設備の障害その他当社の責に帰すことのできない事由により本サービスの全部又は一部の提供が"
              "遅延し又は不能となったときは、当社はその責任を負わないものとします。",
              "The Company shall not be liable where the provision of all or part of the Service is delayed or "
              "becomes impossible due to natural disasters, war, riots, civil commotion, the enactment, amendment or "
              "abolition of laws, orders or dispositions of public authorities, labour disputes, accidents of "
              "transport, failures of the facilities of telecommunications carriers or any other cause not "
              "attributable to the Company."),
    ]},
    {"id": "information-security", "title": _t("情報セキュリティ", "Information Security"), "paragraphs": [
        {"text": _t("当社は、本サービスの提供にあたり、次に掲げる措置を講じるものとします。",
                    "In providing the Service, the Company shall take the measures listed below."),
         "items": [
             {"text": _t("アクセス権限の管理及び定期的な見直し",
                         "Management and periodic review of access rights")},
             {"text": _t("通信及び保存するデータの暗号化", "Encryption of data in transit and at rest")},
             {"text": _t("不正アクセスの監視及び記録の保存",
                         "Monitoring of unauthorised access and retention of records")},
             {"text": _t("従業者に対する教育及び訓練", "Education and training of employees")},
         ]},
        _para("契約者は、本サービスを利用するために必要なアカウント情報を自らの責任で管理するものとします。",
              "The Customer shall manage, under its own responsibility, the account information necessary to use "
              "the Service."),
    ]},
    {"id": "audits", "title": _t("監査", "Audits"), "paragraphs": [
        _para("契約者は、当社が合理的に必要と認める範囲で、当社が別途定める手続に従い、本サービスの運用状況に関する"
              "報告を求めることができます。",
              "To the extent the Company reasonably considers necessary, the Customer may request a report on the "
              "operation of the Service in accordance with the procedure separately determined by the Company."),
    ]},
    {"id": "export-control", "title": _t("輸出管理", "Export Control"), "paragraphs": [
        _para("契約者は、本サービスを利用するにあたり、外国為替及び外国貿易法その他の輸出入に関する法令を遵守するものとします。",
              "In using the Service, the Customer shall comply with the Foreign Exchange and Foreign Trade Act and "
              "other laws and regulations on exports and imports."),
        _para("当社は、契約者が前項に違反したと判断したときは、何らの催告なく本サービスの提供を停止することができます。",
              "Where the Company determines that the Customer has breached the preceding paragraph, the Company may "
              "suspend the provision of the Service without any prior demand."),
    ]},
]

ADVERSE_REASONS: list[tuple[str, str]] = [
    ("仕入先であるベンダーの提供条件が変更されたため、これに合わせて本約款を変更するものです。",
     "The supply terms of the Vendors have changed, and these Terms and Conditions are amended to match them."),
    ("不正利用の増加に対応し、本サービスを安定して提供するため、契約者の義務を明確にするものです。",
     "To respond to increasing misuse and to provide the Service stably, the obligations of the Customer are "
     "clarified."),
    ("関係法令の改正に対応するため、当社の責任の範囲を見直すものです。",
     "The scope of the Company's liability is reviewed in response to amendments to the relevant laws."),
]


def _en_date(d: dt.date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def _ja_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# Two cross-references of the seed that point nowhere, corrected as terms/cloud-resale/2027-01-01.yml
# corrects them: a generated repository should check clean, as a maintained one does.
CORRECTIONS: list[tuple[str, str]] = [
    ("本項第4号のpaypal払い", "第4項第4号のpaypal払い"),
    ("PayPal payment under item (4) of this paragraph", "PayPal payment under paragraph (4), item (4)"),
    ("契約者が前項各号の事由を解消", "契約者が第1項各号の事由を解消"),
    ("grounds set out in the items of the preceding paragraph, the Company may restore",
     "grounds set out in the items of paragraph (1), the Company may restore"),
]


def seed_data() -> Data:
    """The seed version as plain data: no `number` override, no note, references corrected."""
    text = SEED_FILE.read_text(encoding="utf-8")
    version, diags = load_version_text(text, str(SEED_FILE), "cloud-resale")
    if version is None:
        raise RuntimeError("the seed version cannot be read: " + "; ".join(d.as_text() for d in diags))
    data = version_data(version)
    data.pop("note", None)
    for chapter in data["chapters"]:
        for article in chapter["articles"]:
            # the seed reproduces a duplicate 第20条; generated versions number by position
            article.pop("number", None)
    texts = _texts(data)
    for old, new in CORRECTIONS:
        hits = [t for t in texts for lang in ("ja", "en") if old in t[lang]]
        if len(hits) != 1:
            raise RuntimeError(f"{SEED_FILE}: expected '{old}' once, found it {len(hits)} time(s)")
        lang = "ja" if old in hits[0]["ja"] else "en"
        hits[0][lang] = hits[0][lang].replace(old, new)
    return data


def _texts(node: Any) -> list[Data]:
    """Every {ja, en} pair under ``node`` (mutable, in document order)."""
    found: list[Data] = []
    if isinstance(node, dict):
        if set(node) == {"ja", "en"} and all(isinstance(v, str) for v in node.values()):
            return [node]
        for value in node.values():
            found += _texts(value)
    elif isinstance(node, list):
        for value in node:
            found += _texts(value)
    return found


def _rename_service(data: Data, ja_name: str, en_name: str) -> None:
    for text in _texts(data):
        text["ja"] = text["ja"].replace("クラウドリセール", ja_name)
        text["en"] = re.sub("[Cc]loud resale", en_name, text["en"])


def _has(text: str, word: str) -> bool:
    return re.search(rf"\b{re.escape(word)}\b", text) is not None if word.isascii() else word in text


def _swap_word(text: str, pairs: list[tuple[str, str]], rng: random.Random) -> str:
    """Replace one occurrence of a word from ``pairs`` (either direction); ``text`` if none occurs."""
    options = [(a, b) for a, b in pairs if _has(text, a)] + [(b, a) for a, b in pairs if _has(text, b)]
    if not options:
        return text
    old, new = rng.choice(options)
    # the longer form contains the shorter one: never grow "書面又は電子メール" again
    if len(new) > len(old) and new in text:
        old, new = new, old
    # English words only as whole words ("any" is not the end of "Company")
    pattern = re.escape(old) if not old.isascii() else rf"\b{re.escape(old)}\b"
    starts = [m.start() for m in re.finditer(pattern, text)]
    if not starts:
        return text
    at = rng.choice(starts)
    return text[:at] + new + text[at + len(old):]


def _edit_text(text: Data, rng: random.Random) -> None:
    """One editor's change to a paragraph: swap words, or add or drop a sentence (both languages)."""
    present = [(ja, en) for ja, en in SENTENCES if text["ja"].endswith(ja) and text["en"].endswith(en)]
    roll = rng.random()
    if present and roll < 0.3:
        ja, en = present[0]
        text["ja"] = text["ja"][: -len(ja)]
        text["en"] = text["en"][: -len(en)].rstrip()
    elif roll < 0.6 and text["ja"].endswith("。") and text["en"].rstrip().endswith("."):
        ja, en = rng.choice(SENTENCES)
        text["ja"] += ja
        text["en"] = text["en"].rstrip() + " " + en
    else:
        ja, en = _swap_word(text["ja"], JA_WORDS, rng), _swap_word(text["en"], EN_WORDS, rng)
        # an editor changes the translation with the original (terms check reports drift, TERMS068)
        if (ja != text["ja"]) == (en != text["en"]):
            text["ja"], text["en"] = ja, en


def _articles(data: Data) -> list[tuple[Data, list[Data], int]]:
    """(article, its chapter's list, index in it) for every article."""
    return [(a, ch["articles"], i) for ch in data["chapters"] for i, a in enumerate(ch["articles"])]


def _body_texts(article: Data) -> list[Data]:
    return _texts(article.get("paragraphs", []))


def _change(data: Data, rng: random.Random, step: int) -> tuple[list[str], list[str], list[str]]:
    """Change a few articles of ``data`` in place; the titles (ja) modified, added, deleted."""
    modified: list[str] = []
    added: list[str] = []
    deleted: list[str] = []
    articles = _articles(data)
    for article, _, _ in rng.sample(articles, rng.randint(2, 4)):
        texts = _body_texts(article)
        for text in rng.sample(texts, min(len(texts), rng.randint(1, 2))):
            _edit_text(text, rng)
        modified.append(article["title"]["ja"])
    present = {a["id"] for a, _, _ in articles}
    new_ids = [a["id"] for a in NEW_ARTICLES]
    if step % 4 == 2:
        fresh = [a for a in NEW_ARTICLES if a["id"] not in present]
        if fresh:
            # inserted as a branch (第N条の2), as Japanese terms insert an article: the articles after it
            # keep their numbers, so the seed's references (第34条（秘密保持）) still cite the right ones
            article = {**copy.deepcopy(rng.choice(fresh)), "branch": True}
            chapter = rng.choice(data["chapters"][1:])
            chapter["articles"].insert(rng.randint(1, len(chapter["articles"])), article)
            added.append(article["title"]["ja"])
    elif step % 4 == 0:
        # only articles the generator added are deleted: the seed's cross-references keep resolving
        removable = [(a, lst, i) for a, lst, i in articles if a["id"] in new_ids]
        if removable:
            article, lst, i = rng.choice(removable)
            del lst[i]
            deleted.append(article["title"]["ja"])
            modified = [m for m in modified if m != article["title"]["ja"]]
    return modified, added, deleted


def _title_en(data: Data, ja_title: str) -> str:
    for article, _, _ in _articles(data):
        if article["title"]["ja"] == ja_title:
            return str(article["title"]["en"])
    for article in NEW_ARTICLES:
        if article["title"]["ja"] == ja_title:
            return str(article["title"]["en"])
    return ja_title


def _summary(before: Data, after: Data, modified: list[str], added: list[str], deleted: list[str]) -> Data:
    ja: list[str] = []
    en: list[str] = []
    if modified:
        ja.append("、".join(f"「{t}」" for t in dict.fromkeys(modified)) + "に関する規定を改定しました。")
        titles = [f"'{_title_en(after, t)}'" for t in dict.fromkeys(modified)]
        listed = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
        en.append(f"The provisions on {listed} are amended.")
    for t in added:
        ja.append(f"「{t}」に関する規定を新設しました。")
        en.append(f"A new article on '{_title_en(after, t)}' is added.")
    for t in deleted:
        ja.append(f"「{t}」に関する規定を削除しました。")
        en.append(f"The article on '{_title_en(before, t)}' is deleted.")
    return _t("".join(ja), " ".join(en))


def _supplementary(effective: dt.date) -> Data:
    return {
        "id": f"supplementary-{effective.isoformat()}",
        "title": _t(f"付則（{_ja_date(effective)}）", f"Supplementary Provisions ({_en_date(effective)})"),
        "caption": _t("実施日", "Effective Date"),
        "paragraphs": [_para(f"本約款は、{_ja_date(effective)}から実施します。",
                             f"These Terms and Conditions shall come into effect on {_en_date(effective)}.")],
    }


def _dates(k: int, versions: int, rng: random.Random) -> list[dt.date]:
    """Effective dates, oldest first; every third document has its last version still upcoming."""
    last = AS_OF + dt.timedelta(days=10 + k % 20) if k % 3 == 0 else AS_OF - dt.timedelta(days=20 + 9 * k % 90)
    dates = [last]
    for _ in range(versions - 1):
        dates.append(dates[-1] - dt.timedelta(days=rng.randint(120, 200)))
    return dates[::-1]


def document_versions(k: int, versions: int, rng: random.Random, base: Data) -> list[Data]:
    """The versions (plain data, oldest first) of the ``k``-th document."""
    _, ja_name, en_name = SERVICES[k % len(SERVICES)]
    data = copy.deepcopy(base)
    data.pop("supplementary", None)
    _rename_service(data, ja_name, en_name)
    for _ in range(3 + k % 5):  # documents differ from one another, not only in the service name
        article = rng.choice(_articles(data))[0]
        _edit_text(rng.choice(_body_texts(article)), rng)
    out: list[Data] = []
    supplementary: list[Data] = []
    previous_effective: dt.date | None = None
    for step, effective in enumerate(_dates(k, versions, rng)):
        before = copy.deepcopy(data)
        version: Data = {"effective": effective, "status": "published"}
        if step == 0:
            announced = effective - dt.timedelta(days=14)
        else:
            modified, added, deleted = _change(data, rng, step)
            impact = rng.choices(["editorial", "favourable", "adverse"], weights=[2, 1, 1])[0]
            notice = rng.randint(35, 60) if impact == "adverse" else rng.randint(7, 30)
            announced = effective - dt.timedelta(days=notice)
            assert previous_effective is not None
            announced = max(announced, previous_effective + dt.timedelta(days=1))
            version["impact"] = impact
            version["summary"] = _summary(before, data, modified, added, deleted)
            if impact == "adverse":
                version["reason"] = _t(*rng.choice(ADVERSE_REASONS))
        # an announcement after the build day would hide the version (embargo): keep every one visible
        version["announced"] = min(announced, AS_OF - dt.timedelta(days=1))
        supplementary = [*supplementary, _supplementary(effective)]
        body = copy.deepcopy(data)
        ordered: Data = {
            "effective": version["effective"],
            "announced": version["announced"],
            "status": "published",
            **{key: version[key] for key in ("impact", "summary", "reason") if key in version},
            "preamble": body["preamble"],
            "chapters": body["chapters"],
            "supplementary": supplementary,
            "appendices": body["appendices"],
        }
        out.append(ordered)
        previous_effective = effective
    return out


def document_id(k: int) -> str:
    """The id of the ``k``-th document (a suffix once the list of services is used up)."""
    slug = SERVICES[k % len(SERVICES)][0]
    return slug if k < len(SERVICES) else f"{slug}-{k // len(SERVICES) + 1}"


def _document_yml(k: int) -> str:
    _, ja_name, en_name = SERVICES[k % len(SERVICES)]
    en_title = en_name[0].upper() + en_name[1:]
    return (
        "# yaml-language-server: $schema=../../tools/termsite/schemas/document.schema.json\n"
        f"id: {document_id(k)}\n"
        "title:\n"
        f"  ja: {ja_name}サービス約款\n"
        f"  en: {en_title} Service Terms and Conditions\n"
        "original: ja\n"
        "numbering: statute\n"
        "change_clause: amendment\n"
        "publisher:\n"
        "  ja: 株式会社クララオンライン\n"
        "  en: Clara Online, Inc.\n"
    )


def _site_yml(ids: list[str]) -> str:
    """The shipped site settings with the generated documents as the hub's list."""
    text = (REPO / "site_config" / "site.yml").read_text(encoding="utf-8")
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("documents:"))
    end = start + 1
    while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
        end += 1
    new = [*lines[:start], "documents:", *[f"  - {i}" for i in ids], *lines[end:]]
    return "\n".join(new) + "\n"


def generate(dest: Path, size: Size, seed: int = 6) -> list[Path]:
    """Write a terms repository of ``size`` into ``dest`` (created); the version files written."""
    rng = random.Random(seed)
    base = seed_data()
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    ids = [document_id(k) for k in range(size.documents)]
    (dest / "site_config").mkdir(exist_ok=True)
    (dest / "site_config" / "site.yml").write_text(_site_yml(ids), encoding="utf-8")
    written: list[Path] = []
    for k, doc_id in enumerate(ids):
        folder = dest / "terms" / doc_id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "document.yml").write_text(_document_yml(k), encoding="utf-8")
        for data in document_versions(k, size.versions, random.Random(rng.random()), base):
            path = folder / f"{data['effective'].isoformat()}.yml"
            path.write_text(dump_data(data, "Generated by benchmarks/generate.py"), encoding="utf-8")
            written.append(path)
    return written


def touch_one_version(path: Path) -> None:
    """Change one word of a version file in both languages (the "one version changed" rebuild)."""
    text = path.read_text(encoding="utf-8")
    # words the generator's edits never touch, so they are always there
    for old, new in (("本サービス", "当該サービス"), ("the Service", "the said Service")):
        if old not in text:
            raise RuntimeError(f"{path}: no '{old}' to change")
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
