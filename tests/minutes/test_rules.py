"""The small text rules behind speaker labels and attendance lists."""

from extract.minutes.attendees import parse_attendees
from extract.minutes.roles import Person, Roster, speaker_group
from extract.minutes.turns import classify_line


def test_attendees_one_cell_and_glued():
    people = parse_attendees("審査会委員時枝会長、姜委員保健福祉局保険年金課世利課長、大山係長")
    assert [(p.group, p.affiliation, p.name, p.title) for p in people] == [
        ("committee", None, "時枝", "会長"),
        ("committee", None, "姜", "委員"),
        ("agency", "保健福祉局保険年金課", "世利", "課長"),
        ("agency", "保健福祉局保険年金課", "大山", "係長"),
    ]


def test_attendees_bullets_and_title_wrapped_over_lines():
    text = "・実施機関(生活福祉課)\n西田課長、山口係\n長\n・事務局職員(総務部総務管財室)\n土本室長"
    people = parse_attendees(text)
    assert [(p.group, p.affiliation, p.name, p.title) for p in people] == [
        ("agency", "生活福祉課", "西田", "課長"),
        ("agency", "生活福祉課", "山口", "係長"),
        ("secretariat", "総務部総務管財室", "土本", "室長"),
    ]


def test_line_kinds():
    r = Roster([Person("committee", None, "時枝", "会長")])
    assert classify_line("(審査会委員) その内容は", r).speaker == "審査会委員"
    assert classify_line("○諮問庁説明", r).kind == "heading"
    assert classify_line("○委員 それは", r).speaker == "委員"
    assert classify_line("委員:それは何か。", r).speaker == "委員"
    assert classify_line("【事務局】そのとおり。", r).speaker == "事務局"
    assert classify_line("意見聴取終了", r).kind == "stage"
    assert classify_line("《菊竹係長が説明》", r).kind == "stage"
    assert classify_line("委員の互選により、森口委員を会長に選出した。", r, fresh=True).kind == "text"
    assert classify_line("(2)のリスク対策で、", r).kind == "text"
    assert classify_line("時枝会長", r).speaker == "時枝会長"


def test_groups():
    r = Roster([Person("secretariat", "総務局文書館", "阪本", "館長")])
    assert speaker_group("時枝会長") == "chair"
    assert speaker_group("審査会委員") == "committee"
    assert speaker_group("IT政策担当") == "agency"
    assert speaker_group("事務局") == "secretariat"
    assert speaker_group("文書館", r) == "secretariat"
    assert speaker_group("傍聴人") == "unknown"
