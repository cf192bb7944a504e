import pytest

from normalize.checkmarks import CHECKED_MARKS, Check, is_checked, parse_checks

C = Check


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "[ ] 情報提供ネットワークシステム [ ○ ] 庁内連携システム [○] その他 (総合収納システム、総合滞納整理システム)",
            [
                C("情報提供ネットワークシステム", False),
                C("庁内連携システム", True),
                C("その他", True, "総合収納システム、総合滞納整理システム"),
            ],
        ),
        ("□全文記録 ■要点記録", [C("全文記録", False), C("要点記録", True)]),
        ("☐ 紙 ☑ 電子", [C("紙", False), C("電子", True)]),
        ("☒ 済", [C("済", True)]),
        ("[O] 紙 [ ] 電子記録媒体", [C("紙", True), C("電子記録媒体", False)]),
        ("[o] 紙", [C("紙", True)]),
        ("［ ○ ］ 庁内連携\nシステム ［　］ 税務システム", [C("庁内連携システム", True), C("税務システム", False)]),
        ("【〇】その他（ ）", [C("その他", True, None)]),
        ("【 】その他（総合窓口システム）", [C("その他", False, "総合窓口システム")]),
        ("[○] その他 ( 総合収納システム(旧)、介護 )", [C("その他", True, "総合収納システム(旧)、介護")]),
        ("[ ○ ] その他 (総合収納\nシステム)", [C("その他", True, "総合収納システム")]),
        ("4. 特定個人情報ファイルの取扱いの委託 [ ] 委託しない", [C("委託しない", False)]),
        ("4. 特定個人情報ファイルの取扱いの委託 [ ○ ] 委託しない", [C("委託しない", True)]),
        ("[ ] 接続しない(入手) [ ] 接続しない(提供)", [C("接続しない(入手)", False), C("接続しない(提供)", False)]),
        (
            '<input type="checkbox"/> 全文記録 <input checked="" type="checkbox"/> 要点記録',
            [C("全文記録", False), C("要点記録", True)],
        ),
        ('<input type="checkbox"/> その他()', [C("その他", False, None)]),
        ("(○) 電子メール ( ) 郵送", [C("電子メール", True), C("郵送", False)]),
        ("[✔] a [x] b [ ☑ ] c [レ] d [●] e [◉] f [✓] g [◯] h [■] i", [C(x, True) for x in "abcdefghi"]),
        ("[ □ ] 未", [C("未", False)]),
        ("[実施する] ＜選択肢＞ 1) 実施する", []),
        ("(1) 郵送 (2) 持参", []),
        ("○諮問庁説明", []),
        ("", []),
    ],
)
def test_parse_checks(text, expected):
    assert parse_checks(text) == expected


@pytest.mark.parametrize(
    "mark, expected",
    [
        ("", False),
        (" ", False),
        ("　", False),
        ("[ ]", False),
        ("［　］", False),
        ("□", False),
        ("☐", False),
        ("実施する", None),
        ("1", None),
        ("-", None),
        ("○○", None),
        ("[ ○ ]", True),
        ("【〇】", True),
    ]
    + [(m, True) for m in sorted(CHECKED_MARKS)],
)
def test_is_checked(mark, expected):
    assert is_checked(mark) is expected
