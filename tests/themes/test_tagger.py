"""Lexicon tagging: variants and inflections match, names never tag, scores and evidence."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.language.layer import analyze_turn
from pipeline.records import Turn
from pipeline.themes.tagger import ThemeTagger, noisy_or


@pytest.fixture(scope="module")
def tagger() -> ThemeTagger:
    return ThemeTagger()


def themes(tagger, text: str) -> set[str]:
    return {t.theme for t in tagger(tagger.nlp(text))}


@pytest.mark.parametrize(
    ("text", "theme", "subtheme"),
    [
        ("職員の誤操作で住民情報が漏えいした。", "pii", "leakage"),
        ("名簿が漏洩していました。", "pii", "leakage"),
        ("ろうえいの事実はありません。", "pii", "leakage"),
        ("端末がウィルスに感染しました。", "security", "malware"),
        ("ウイルス対策ソフトを更新します。", "security", "malware"),
        ("通信は暗号化されています。", "security", "encryption_network"),
        ("ＳＳＬで保護しています。", "security", "encryption_network"),
        (
            "庁内ネットワークとインターネットを完全に分離しています。",
            "security",
            "encryption_network",
        ),
        ("毎晩バックアップを取っています。", "security", "backup_continuity"),
        ("開示請求が昨年度より増えました。", "disclosure", "disclosure_requests"),
        ("部分開示の決定をしました。", "disclosure", "disclosure_requests"),
        ("本日の会議は傍聴できます。", "disclosure", "meeting_openness"),
        ("マイナンバーの利用範囲を確認します。", "pii", "my_number"),
        ("要配慮個人情報の取扱いを報告します。", "pii", "sensitive_info"),
        ("住民データを海外のサーバーに保存する予定はありません。", "pii", "cross_border"),
    ],
)
def test_inflections_and_variants_tag(tagger, text, theme, subtheme):
    tags = [t for t in tagger(tagger.nlp(text)) if t.theme == theme]
    assert tags, f"{text!r} should be tagged {theme}"
    assert subtheme in {t.subtheme for t in tags}
    assert all(t.method == "lexicon" and t.score >= 0.5 for t in tags)


@pytest.mark.parametrize(
    "text",
    [
        "ただ今より、令和元年度第2回四街道市情報公開・個人情報保護審査会を開催いたします。",
        "以上をもちまして、情報公開・個人情報保護審査会を終了します。",
        "桜ヶ丘市個人情報保護条例第12条第1項の規定により諮問します。",
        "個人情報保護委員会が発表したものを参考にしました。",
        "「桜ヶ丘市情報公開条例の運用に関する指針」により配付します。",
        "本審査会の次回の日程を決めます。",
        "地方公共団体情報システム機構法により設立された法人です。",
    ],
)
def test_proper_names_alone_never_tag(tagger, text):
    assert themes(tagger, text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "新型コロナウイルス感染症の感染拡大により、感染者が増えています。",
        "人口流出が続いており、人口の流出対策が必要です。",
        "会議録署名議員を指名します。",
        "認証保育所の待機児童について伺います。",
        "業務の外部委託を進めます。",
        "個人情報の保護に関する法律の改正に伴い、条例を改正します。",
        "市のサーバーの保守契約を更新します。",
        "計画を公表しました。",
        "マイナ保険証の利用登録が進んでいます。",
        "靴ひもをつけ間違えた。",
    ],
)
def test_false_friends_and_lone_settings_do_not_tag(tagger, text):
    assert themes(tagger, text) == set()


@pytest.mark.parametrize(
    ("text", "theme", "subtheme"),
    [
        ("ＵＳＢメモリーなどの外部記録媒体の使用は原則禁止している。", "security", "devices_media"),
        (
            "職員が私用のスマートフォンで業務データを扱うことは禁止している。",
            "security",
            "devices_media",
        ),
        ("不審なメールを開かないよう全職員に注意喚起した。", "security", "malware"),
        ("ソフトウェアの修正プログラムを速やかに適用する。", "security", "intrusion_testing"),
        ("退職者のアカウントは速やかに削除する。", "security", "access_control"),
        ("保守業者がリモートで接続する際の管理を伺いたい。", "security", "access_control"),
        ("特権ＩＤの管理を厳格にしている。", "security", "access_control"),
        ("データセンターには自家発電設備がある。", "security", "backup_continuity"),
        ("情報資産の管理台帳を整備した。", "security", "governance"),
        ("申請書の氏名、住所、電話番号は目的以外に使用しない。", "pii", "external_provision"),
        ("本人の同意なく第三者に提供することはない。", "pii", "external_provision"),
        ("名簿を誤って別の事業者にメールで送ってしまった。", "pii", "leakage"),
        ("住民の名簿を庁外に持ち出す場合は許可を得る。", "pii", "handling"),
        ("防犯カメラの映像は一週間で消去される。", "pii", "handling"),
        ("健康情報は特に慎重に扱う。", "pii", "sensitive_info"),
        ("黒塗りの範囲が広すぎるのではないか。", "disclosure", "disclosure_requests"),
        ("ＥＤＲを全端末に導入しました。", "security", "malware"),
        # full-width capitals, as minutes type them: UniDic cuts these into two tokens
        ("ＣＳＩＲＴを設置しました。", "security", "governance"),
        ("ＩＳＭＳの認証を取得した。", "security", "governance"),
        ("ＬＧＷＡＮ接続系の端末で扱う。", "security", "encryption_network"),
        ("ゼロトラストの考え方で認証を見直す。", "security", "access_control"),
        ("ＩＳＭＡＰに登録されたサービスから選ぶ。", "security", "datacenter_cloud"),
        ("マイナ保険証の紐付け誤りについて伺います。", "pii", "my_number"),
        ("別人の記録とひもづけを間違えた事案がありました。", "pii", "my_number"),
        ("写しの交付に要する費用は請求者の負担となる。", "disclosure", "disclosure_requests"),
        ("カードの交付事務で、別人に交付する誤りがあった。", "pii", "leakage"),
        ("写真の掲載には保護者の同意を得ている。", "pii", "external_provision"),
        ("アクセスできる職員の範囲はどのように制限するのですか。", "security", "access_control"),
        ("端末を紛失した場合に遠隔でデータを消去できる。", "security", "devices_media"),
        ("機密情報を生成ＡＩに入力することを禁止した。", "security", "governance"),
        ("ChatGPTなどの生成AIに入力する情報に注意が必要だ。", "security", "governance"),
        ("審査請求から答申までの期間が長期化している。", "disclosure", "disclosure_requests"),
        ("不服申立てに係る諮問について審議した。", "disclosure", "disclosure_requests"),
        ("データの複製を別の庁舎に保管している。", "security", "backup_continuity"),
        ("マイナンバーカードの交付時に本人確認を徹底している。", "pii", "my_number"),
        ("不存在を理由とする決定が多いのではないか。", "disclosure", "disclosure_requests"),
        ("住民基本台帳の閲覧制度を見直す。", "pii", "my_number"),
        ("窓口で他人の書類を渡してしまう誤りがあった。", "pii", "leakage"),
        ("三層分離の考え方に沿って運用している。", "security", "encryption_network"),
        ("庁内ネットワークの強靱化について報告を受ける。", "security", "encryption_network"),
        ("退職した職員のアカウントは、当日中に削除する。", "security", "access_control"),
        ("録画データを警察に提供する場合の手続を伺う。", "pii", "external_provision"),
        ("捜査関係事項照会書による照会に限り応じている。", "pii", "external_provision"),
        ("収集したアドレスは、目的を達成した後に速やかに消去する。", "pii", "retention_deletion"),
        ("保有する必要がなくなった名簿は廃棄する。", "pii", "retention_deletion"),
        ("録画データを閲覧できる職員は限られていますか。", "security", "access_control"),
        ("閲覧は許可を得た職員に限り、閲覧記録を残している。", "security", "access_control"),
        ("自分の情報の開示を求める請求があった。", "pii", "data_subject_requests"),
        ("回答から個人が特定されないよう集計している。", "pii", "handling"),
        ("特定の個人を識別することができる情報を含む。", "pii", "handling"),
    ],
)
def test_everyday_words_for_devices_accounts_personal_data_and_redaction(
    tagger, text, theme, subtheme
):
    tags = [t for t in tagger(tagger.nlp(text)) if t.theme == theme]
    assert subtheme in {t.subtheme for t in tags}, f"{text!r} should be tagged {theme}/{subtheme}"


@pytest.mark.parametrize(
    "text",
    [
        "市の公式アカウントで子育てイベントを発信している。",
        "議会中継の映像はインターネットで配信している。",
        "中小企業への支援措置を拡充する。",
        "住所変更の手続きは窓口で受け付けている。",
        "備品の持ち出しには台帳への記入が必要です。",
        "職員の氏名を名札に表示している。",
        "小学校のタブレット端末を活用した授業を紹介した。",
        "駅前の防犯カメラの設置費用を補助する。",
        "端末上のトラブルは画面に表示され、端末が判断できないものは事業者が対応する。",
        "予算の修正案を提出した。",
        "駅へのアクセスが良くなったため、駐車場の利用を制限した。",
        "財布を紛失した場合は交番に届け出てください。",
        "窓口で本人確認書類の提示を求めている。",
        "清掃業務の委託先は入札で選定し、再委託も認めている。",
        "住民基本台帳人口は前年より減少した。",
        "次回の審査会で答申する予定です。",
        "存在しないと決定した理由を伺う。",
        "国土強靱化地域計画を改定した。",
        "ごみの収集目的を達成するため、収集日を増やす。",
        "警察と連携して交通安全教室を開いた。",
        "功績のあった個人を特定して表彰する。",
        "自分の意見を述べる機会がほしい。",
    ],
)
def test_those_words_alone_or_in_other_senses_do_not_tag(tagger, text):
    assert themes(tagger, text) == set()


def test_a_word_inside_another_themes_pattern_is_that_patterns_evidence(tagger):
    # 閲覧 twice would be publication's two supporting mentions; the first is part of who
    # may view the images (access control), so only 閲覧記録 is left to publication
    text = "閲覧は許可を得た職員に限り、閲覧記録を残している。"
    assert themes(tagger, text) == {"security"}


def test_a_pattern_counts_once_not_with_the_terms_inside_it(tagger):
    (tag,) = tagger(tagger.nlp("名簿を紛失しました。"))
    assert (tag.theme, tag.subtheme) == ("pii", "leakage")
    assert [e.term for e in tag.evidence] == ["名簿を紛失"]
    assert tag.score == pytest.approx(0.8)


def test_a_name_does_not_hide_evidence_beside_it(tagger):
    text = "個人情報保護条例に基づき、個人情報の漏えい事案を報告します。"
    (tag,) = [t for t in tagger(tagger.nlp(text)) if t.subtheme == "leakage"]
    assert [e.term for e in tag.evidence] == ["漏えい"]
    handling = [t for t in tagger(tagger.nlp(text)) if t.subtheme == "handling"]
    assert [e.char_start for e in handling[0].evidence] == [text.index("個人情報の")]


def test_evidence_offsets_slice_the_turn_text(tagger):
    text = "サーバ室の入退室管理とパスワードの変更、ＳＳＬによる暗号化を確認した。"
    tags = tagger(tagger.nlp(text))
    evidence = [e for t in tags for e in t.evidence]
    assert {e.term for e in evidence} >= {"入退室管理", "パスワード", "ＳＳＬ", "暗号化"}
    for e in evidence:
        assert text[e.char_start : e.char_end] == e.term


def test_one_supporting_mention_is_below_threshold_two_are_not(tagger):
    assert themes(tagger, "サーバーの保守契約を更新します。") == set()
    tags = tagger(tagger.nlp("サーバーはデータセンターに置いています。"))
    assert {t.theme for t in tags} == {"security"}
    assert tags[0].score == pytest.approx(noisy_or([0.3, 0.3]), abs=1e-4)


def test_scores_grow_with_evidence_and_stay_below_one(tagger):
    one = tagger(tagger.nlp("ウイルスが見つかりました。"))[0].score
    many = tagger(tagger.nlp("ウイルスを暗号化通信で防ぎ、バックアップも取り、認証も強化した。"))
    assert 0.5 <= one < many[0].score < 1.0
    assert many[0].score == max(t.score for t in many)


def _turns(*specs: tuple[str, ...]) -> list[Turn]:
    turns = []
    for label, text, *role in specs:
        turn = Turn(
            kind="speech",
            text=text,
            char_start=0,
            char_end=len(text),
            speaker_label=label,
            role=role[0] if role else "member",
        )
        turn.language = analyze_turn(text)
        turns.append(turn)
    return turns


def test_short_answer_inherits_the_questions_themes(tagger):
    turns = _turns(
        ("山田委員", "通信はＳＳＬで暗号化されていますか。"),
        ("実施機関", "把握しておりません。"),
    )
    tagger.tag_turns(turns)
    question, answer = turns
    assert {t.theme for t in answer.themes} == {"security"}
    (tag,) = answer.themes
    assert tag.method == "context" and tag.context_seq == 0 and tag.evidence == []
    assert tag.score < question.themes[0].score
    assert tag.score >= tagger.taxonomy.scoring.threshold


@pytest.mark.parametrize(
    "specs",
    [
        # not a question
        (("山田委員", "通信はＳＳＬで暗号化されています。"), ("実施機関", "把握しておりません。")),
        # the same speaker goes on
        (("山田委員", "通信は暗号化されていますか。"), ("山田委員", "把握しておりません。")),
        # a bare acknowledgement or an action says nothing
        (("山田委員", "通信は暗号化されていますか。"), ("実施機関", "わかりました。")),
        (("山田委員", "通信は暗号化されていますか。"), ("委員全員", "～了承～")),
        # too long to be a short answer
        (
            ("山田委員", "通信は暗号化されていますか。"),
            (
                "実施機関",
                "来年度の予算編成の中で、担当課と調整しながら、丁寧に検討して参りたいと考えております。",
            ),
        ),
        # the question's own tag is too weak to pass on
        (
            ("山田委員", "サーバーとデータセンターはどこですか。"),
            ("実施機関", "把握しておりません。"),
        ),
    ],
)
def test_no_inheritance_outside_a_short_answer(tagger, specs):
    turns = _turns(*specs)
    tagger.tag_turns(turns)
    assert turns[1].themes == []


def test_notes_are_not_tagged_and_do_not_break_context(tagger):
    turns = _turns(
        ("山田委員", "ウイルス対策は十分ですか。"), ("実施機関", "十分と考えております。")
    )
    note = Turn(kind="note", text="～実施機関によるウイルス対策の説明～", char_start=0, char_end=18)
    note.language = analyze_turn(note.text)
    turns.insert(1, note)
    tagger.tag_turns(turns)
    assert turns[1].themes == []
    assert [t.method for t in turns[2].themes] == ["context"]
    assert turns[2].themes[0].context_seq == 0


def test_chair_naming_the_next_speaker_neither_inherits_nor_blocks(tagger):
    turns = _turns(
        ("２番（北川花子君）", "個人情報の漏えい事案について、対応を伺えますか。", "member"),
        ("議長（大森太郎君）", "市長。", "chair"),
        ("市長（東山二郎君）", "現在、調査中でございます。", "agency"),
    )
    tagger.tag_turns(turns)
    assert turns[1].themes == []
    assert {(t.theme, t.method, t.context_seq) for t in turns[2].themes} == {("pii", "context", 0)}


@pytest.mark.parametrize(
    "text",
    [
        # pattern starts at the first and last tokens, and starts whose windows overlap
        "情報が流出した。",
        "会議録を公開します。資料も公開する。議事録は掲載せず、データが紛失と情報",
        "ネットワークを、庁内の、基幹系の、ほかの、システムと、分離し、資料の公表、名簿の紛失",
        "本日は開会します。",  # no token can start a pattern
    ],
)
def test_pattern_windows_find_what_the_whole_doc_has(tagger, text):
    doc = tagger.nlp(text)
    windowed = {(s.start, s.end, s.label) for s in tagger._pattern_matches(doc)}
    whole = {(s.start, s.end, s.label) for s in tagger._patterns(doc, as_spans=True)}
    assert windowed == whole
    assert whole or text == "本日は開会します。"


def _pattern_words(tagger) -> list[str]:
    """Every word the taxonomy's patterns test, and words and marks they do not."""
    words = {"の", "が", "を", "、", "。", "本日", "審議"}
    for theme in tagger.taxonomy.themes:
        for sub in theme.subthemes:
            for pattern in sub.patterns:
                for token in pattern:
                    norm = token.get("NORM", {})
                    words.update([norm] if isinstance(norm, str) else norm.get("IN", []))
    return sorted(words)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_pattern_windows_hold_every_match_of_the_whole_doc(tagger, data):
    # Random runs of the patterns' own words: starts without their last words, last words
    # out of reach, several patterns overlapping, sentence ends between.
    words = data.draw(st.lists(st.sampled_from(_pattern_words(tagger)), max_size=40))
    doc = tagger.nlp("".join(words))
    windowed = {(s.start, s.end, s.label) for s in tagger._pattern_matches(doc)}
    assert windowed == {(s.start, s.end, s.label) for s in tagger._patterns(doc, as_spans=True)}


def test_unbounded_user_patterns_still_match(tmp_path):
    from pipeline.themes.taxonomy import load_taxonomy

    path = tmp_path / "tax.toml"
    path.write_text(
        '[themes.noise]\nlabel = "騒音"\ndefinition = "Noise."\n'
        'patterns = [[{ NORM = "工事" }, { OP = "+" }, { NORM = "騒音" }]]\n',
        encoding="utf-8",
    )
    custom = ThemeTagger(load_taxonomy(path))
    assert custom._windows.whole
    doc = custom.nlp("工事の期間中は夜間も大きな騒音が続いた。")
    assert [t.theme for t in custom(doc)] == ["noise"]
