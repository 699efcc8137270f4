"""Write N synthetic minutes for benchmarks and demos: seeded, reproducible, and fictional.

    python bench/make_corpus.py N OUT [--seed 0]

Every document is invented here from templates and word lists of this file: fictional
municipalities, boards and people. The corpus spreads over fiscal years 2010–2024 and mixes
what real minutes do: review boards and assembly committees; every speaker-label convention
the parser knows (colon, ○ marker, ◯役職（氏名君）, 【brackets】, label alone on a line,
label and a space); UTF-8, UTF-8 with BOM, CP932 and EUC-JP; text, Markdown and HTML; rosters,
agendas, stage directions, page-break damage; and turns on information security, disclosure,
personal information and none of them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import random
from pathlib import Path

MUNICIPALITIES = [
    ("青葉市", "aoba"),
    ("桜ケ丘市", "sakuragaoka"),
    ("緑川町", "midorikawa"),
    ("東浜市", "higashihama"),
    ("北山村", "kitayama"),
    ("白石市", "shiraishi"),
    ("南野市", "minamino"),
    ("若草町", "wakakusa"),
]
BOARDS = [
    ("情報公開・個人情報保護審査会", "shinsakai", "board"),
    ("個人情報保護審議会", "shingikai", "board"),
    ("情報公開審査会", "kokai", "board"),
    ("議会総務常任委員会", "somu", "assembly"),
]
SURNAMES = [
    "青木",
    "石井",
    "上田",
    "大野",
    "岡本",
    "金子",
    "木村",
    "工藤",
    "小山",
    "斎藤",
    "坂本",
    "佐野",
    "柴田",
    "杉山",
    "高田",
    "竹内",
    "田村",
    "千葉",
    "土屋",
    "中川",
    "西村",
    "野口",
    "長谷",
    "林",
    "原田",
    "平野",
    "福田",
    "藤井",
    "前田",
    "松本",
    "丸山",
    "宮崎",
    "村上",
    "森下",
    "山口",
    "横山",
    "吉川",
    "渡部",
]
GIVEN = [
    "一郎",
    "健",
    "進",
    "誠",
    "修",
    "明",
    "浩",
    "学",
    "春子",
    "花子",
    "恵",
    "裕子",
    "直美",
    "洋子",
    "和也",
    "大輔",
    "翔",
    "陽子",
    "真理",
    "聡",
]
SYSTEMS = [
    "住民情報システム",
    "税務システム",
    "介護保険システム",
    "証明書交付システム",
    "電子申請システム",
]
VENDORS = ["委託事業者", "受託事業者", "システム保守事業者"]
VENUES = ["本庁舎第１会議室", "第２委員会室", "市民センター会議室", "本庁舎４階大会議室"]
AGENDA = {
    "security": [
        "{system}の更新に伴う情報セキュリティ対策について",
        "クラウド移行に係る安全管理措置について",
    ],
    "disclosure": ["情報公開制度の運用状況について", "開示請求に対する決定について（諮問）"],
    "pii": [
        "{system}における個人情報の外部提供について（諮問）",
        "要配慮個人情報の取扱状況について",
    ],
    None: ["次回の開催日程について", "会議の運営について"],
}
QUESTIONS = {
    "security": [
        "{system}のサーバーはどこに設置されていますか。",
        "通信は暗号化されていますか。インターネットとは分離されていますか。",
        "ウイルス対策ソフトの定義ファイルはどのように更新していますか。",
        "バックアップはどの頻度で取得し、どこに保管していますか。",
        "職員のパスワード管理と二要素認証の導入状況を伺います。",
        "{vendor}では脆弱性診断を実施していますか。",
    ],
    "disclosure": [
        "昨年度の開示請求の件数を教えてください。",
        "不開示とした理由について、もう少し詳しく説明してください。",
        "会議録はいつごろホームページで公開されますか。",
        "傍聴を希望する方への資料の配布はどうなっていますか。",
    ],
    "pii": [
        "{system}で保有する個人情報を外部提供する必要性について伺います。",
        "マイナンバーを含む特定個人情報の取扱いはどうなりますか。",
        "要配慮個人情報が含まれる場合の取扱いを伺います。",
        "保存期間が過ぎたデータは確実に消去されていますか。",
        "万一、個人情報が漏えいした場合の対応を伺います。",
    ],
    None: [
        "次回の日程について、事務局の案はありますか。",
        "資料の記載で分かりにくいところがありますが、補足はありますか。",
        "他の自治体の状況はどうなっていますか。",
    ],
}
ANSWERS = {
    "security": [
        "{vendor}のデータセンターに設置しており、入退室管理を行っております。",
        "専用回線を使用し、通信はTLSで暗号化しております。庁内ネットワークとも分離しております。",
        "定義ファイルは毎日自動で更新しており、更新状況は週に一度確認しております。",
        "毎日夜間にバックアップを取得し、遠隔地保管を行っております。",
        "パスワードは定期的に変更し、管理者権限には二要素認証を導入しております。",
    ],
    "disclosure": [
        "開示請求は{n}件で、そのうち部分開示が{m}件、不開示が{k}件でございました。",
        "個人に関する情報が含まれるため、不開示と判断したものでございます。",
        "会議録は委員の確認後、おおむね一か月でホームページに掲載いたします。",
    ],
    "pii": [
        "本人の同意を得た範囲でのみ提供し、提供先での目的外利用は契約で禁止しております。",
        "特定個人情報は番号利用事務に限って取り扱い、アクセス記録を保存しております。",
        "要配慮個人情報は必要最小限とし、取扱者を限定しております。",
        "保存期間満了後、データ消去の証明書を受託者から提出させております。",
    ],
    None: [
        "事務局としては来月の中旬を考えております。",
        "資料の該当箇所については、次回までに整理してお示しいたします。",
        "近隣の自治体でも同様の取扱いとなっております。",
    ],
}
SHORT_ANSWERS = [
    "把握しておりません。",
    "そのとおりです。",
    "確認いたします。",
    "はい、実施しております。",
]
NOTES = ["～実施機関退室～", "（「異議なし」と呼ぶ者あり）", "～資料説明～", "午後２時１０分 休憩"]
CONVENTIONS = ["colon", "marker", "bracket", "alone", "space"]
ENCODINGS = [("utf-8", 50), ("cp932", 25), ("euc_jp", 15), ("utf-8-sig", 10)]
FORMATS = [("txt", 80), ("md", 12), ("html", 8)]
# EUC-JP (JIS X 0208) has no FULLWIDTH TILDE; minutes in EUC-JP write the wave dash instead.
EUC_SAFE = str.maketrans({"～": "〜"})


def era_date(day: dt.date) -> str:
    if day >= dt.date(2019, 5, 1):
        era, year = "令和", day.year - 2018
    else:
        era, year = "平成", day.year - 1988
    return f"{era}{'元' if year == 1 else year}年{day.month}月{day.day}日"


def weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


class Minutes:
    """One fictional meeting, rendered in one label convention."""

    def __init__(self, rng: random.Random, index: int):
        self.rng = rng
        self.muni, self.muni_slug = rng.choice(MUNICIPALITIES)
        self.body, self.body_slug, self.kind = rng.choice(BOARDS)
        fiscal_year = rng.randint(2010, 2024)
        self.date = dt.date(fiscal_year, 4, 1) + dt.timedelta(days=rng.randint(0, 360))
        self.session = rng.randint(1, 6)
        self.index = index
        names = rng.sample(SURNAMES, 9)
        self.chair, self.vice, *members = names[:6]
        self.members = members
        self.staff = names[6:]
        self.given = {n: rng.choice(GIVEN) for n in names}
        self.convention = "assembly" if self.kind == "assembly" else rng.choice(CONVENTIONS)
        self.system = rng.choice(SYSTEMS)
        self.vendor = rng.choice(VENDORS)
        self.themes = [t for t in ("security", "disclosure", "pii") if rng.random() < 0.45]

    def fill(self, template: str) -> str:
        n = self.rng.randint(20, 300)
        return template.format(system=self.system, vendor=self.vendor, n=n, m=n // 5, k=n // 20)

    # -- labels ---------------------------------------------------------------------------
    def label(self, who: str) -> tuple[str, str]:
        """(label as written, role kind) for chair / vice / member:<name> / secretariat / agency."""
        if self.kind == "assembly":
            if who == "chair":
                return f"委員長（{self.chair}{self.given[self.chair]}君）", who
            if who.startswith("member:"):
                name = who.split(":", 1)[1]
                return f"{name}委員", who
            if who == "agency":
                return f"情報政策課長（{self.staff[1]}{self.given[self.staff[1]]}君）", who
            return f"総務課長（{self.staff[0]}{self.given[self.staff[0]]}君）", who
        if who == "chair":
            return f"{self.chair}会長", who
        if who.startswith("member:"):
            return f"{who.split(':', 1)[1]}委員", who
        return ("事務局", who) if who == "secretariat" else ("実施機関", who)

    def render_turn(self, who: str, text: str) -> str:
        label, _ = self.label(who)
        c = self.convention
        if c == "assembly" or c == "marker":
            return f"{'◯' if c == 'assembly' else '○'}{label}　{text}"
        if c == "colon":
            return f"{label}：{text}"
        if c == "bracket":
            return f"【{label}】{text}"
        if c == "alone":
            return f"{label}\n{text}"
        return f"{label} {text}"

    # -- body -----------------------------------------------------------------------------
    def turns(self) -> list[str]:
        rng = self.rng
        out = [
            self.render_turn(
                "secretariat" if self.kind == "board" else "chair",
                f"ただ今より、{self.title_core()}を開会いたします。",
            ),
            self.render_turn("chair", "本日の会議は公開とし、傍聴人に資料を配布いたします。")
            if rng.random() < 0.5
            else self.render_turn(
                "chair", "本日の出席委員は定足数に達しておりますので、会議は成立いたします。"
            ),
        ]
        topics = [*self.themes, None, None]
        for _ in range(rng.randint(15, 60)):
            topic = rng.choice(topics)
            member = f"member:{rng.choice(self.members)}"
            question = self.fill(rng.choice(QUESTIONS[topic]))
            if rng.random() < 0.3:  # a long question, sometimes broken by a page
                question += self.fill(rng.choice(QUESTIONS[rng.choice(topics)]))
            out.append(self.render_turn(member, self.damaged(question)))
            if rng.random() < 0.25:
                out.append(self.render_turn("agency", rng.choice(SHORT_ANSWERS)))
            else:
                answer = "".join(
                    self.fill(rng.choice(ANSWERS[topic])) for _ in range(rng.randint(1, 3))
                )
                out.append(self.render_turn("agency", self.damaged(answer)))
            if rng.random() < 0.12:
                out.append(rng.choice(NOTES))
        out.append(self.render_turn("chair", "以上で本日の会議を終了いたします。"))
        return out

    def damaged(self, text: str) -> str:
        """Page-break damage as PDF-to-text leaves it: a page number inside a turn."""
        if len(text) < 30 or self.rng.random() > 0.15:
            return text
        cut = self.rng.randint(10, len(text) - 5)
        return f"{text[:cut]}\n\n- {self.rng.randint(2, 30)} -\n\n{text[cut:]}"

    def title_core(self) -> str:
        fy = self.date.year if self.date.month >= 4 else self.date.year - 1
        era = "令和" if fy >= 2019 else "平成"
        year = fy - 2018 if fy >= 2019 else fy - 1988
        return f"{era}{'元' if year == 1 else year}年度第{self.session}回{self.muni}{self.body}"

    def header(self) -> list[str]:
        rng = self.rng
        start = rng.choice([9, 10, 13, 14])
        fmt_time = lambda h: f"午前{h}時" if h < 12 else f"午後{h - 12}時"  # noqa: E731
        weekday = "月火水木金土日"[self.date.weekday()]
        people = [
            f"{self.chair}{self.given[self.chair]}（会長）",
            f"{self.vice}{self.given[self.vice]}（副会長）",
        ]
        people += [f"{m}{self.given[m]}" for m in self.members]
        agenda = [self.fill(rng.choice(AGENDA[t])) for t in (*self.themes, None)][:3]
        lines = [
            f"{self.title_core()}会議録",
            "",
            f"１　日時　{era_date(self.date)}（{weekday}曜日）"
            f"{fmt_time(start)}～{fmt_time(start + 2)}",
            f"２　場所　{rng.choice(VENUES)}",
            f"３　出席委員　{'、'.join(people)}",
            f"４　事務局　{self.staff[0]}総務課長、{self.staff[2]}主査",
            f"５　実施機関　{self.staff[1]}情報政策課長",
            "６　議題",
            *[f"　（{i}）{item}" for i, item in enumerate(agenda, start=1)],
            f"７　傍聴者　{rng.randint(0, 5)}名",
            "",
        ]
        return lines

    def text(self) -> str:
        return "\n".join([*self.header(), *self.turns(), ""])


def render(minutes: Minutes, fmt: str) -> str:
    text = minutes.text()
    if fmt == "md":
        first, rest = text.split("\n", 1)
        return f"# {first}\n{rest}"
    if fmt == "html":
        body = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
        title = html.escape(minutes.title_core())
        return (
            f"<!DOCTYPE html>\n<html><head><title>{title}</title></head>\n"
            f"<body>\n{body}\n</body></html>\n"
        )
    return text


def write_corpus(n: int, out: Path, seed: int = 0) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        minutes = Minutes(rng, i)
        fmt = weighted(rng, FORMATS)
        encoding = "utf-8" if fmt == "html" else weighted(rng, ENCODINGS)
        text = render(minutes, fmt)
        if encoding == "euc_jp":
            text = text.translate(EUC_SAFE)
        folder = out / minutes.muni_slug / minutes.body_slug
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{minutes.date.isoformat()}_{i:06d}.{fmt}"
        line_end = "\r\n" if rng.random() < 0.2 else "\n"
        path.write_bytes(text.replace("\n", line_end).encode(encoding))
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many documents")
    parser.add_argument("out", type=Path, help="folder to write them to")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = write_corpus(args.n, args.out, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} documents, {size / 1e6:.1f} MB, under {args.out}")


if __name__ == "__main__":
    main()
