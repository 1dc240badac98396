"""Leader endorsements: who endorsed a practice, with which title, how (批示, 肯定 …), and in which words.

Examples come from the seed documents (data/raw); edge cases are small hand-made strings. The last tests
measure precision/recall against the dev-gold annotations of 000 and 001 and keep the reached numbers.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest

from kg.extract.endorsements import EndorsementMention, find_endorsements
from kg.normalize import normalize
from kg.paths import raw_dir

GOLD = Path(__file__).parent / "data" / "dev-gold"


def case_parts(segmented, key: str, phrase: str) -> list[str]:
    """The normalised parts (as the pipeline passes them) of the case of ``key`` whose text holds ``phrase``."""
    doc, cases = segmented[key]
    for case in cases:
        parts = [normalize(doc.text[s:e]).text for s, e in case.parts]
        if any(phrase in p for p in parts):
            return parts
    raise AssertionError(f"no case of {key} contains {phrase!r}")


def endorsements_in(parts: list[str]) -> list[EndorsementMention]:
    return [m for p in parts for m in find_endorsements(p)]


def who_how(mentions: list[EndorsementMention]) -> set[tuple[str | None, str, str]]:
    return {(m.leader, m.title, m.action) for m in mentions}


def find(text: str) -> list[EndorsementMention]:
    return find_endorsements(normalize(text).text)


# ---------------------------------------------------------------------------------------------- seed examples


def test_in_000_a_governor_s_instruction_is_found_with_name_before_title(segmented):
    found = endorsements_in(case_parts(segmented, "brief3", "乡村名校建设做法"))
    assert ("郑栅洁", "省长", "批示") in who_how(found)


def test_in_000_an_instruction_keeps_its_quoted_words(segmented):
    found = endorsements_in(case_parts(segmented, "brief3", "五个帮"))
    [m] = [m for m in found if m.leader == "袁家军"]
    assert (m.title, m.action, m.quote) == ("书记", "指示", "五个帮")


def test_in_003_a_visit_followed_by_full_approval_is_one_approval(segmented):
    found = endorsements_in(case_parts(segmented, "compilation", "来干江调研时"))
    [m] = [m for m in found if m.leader == "袁家军"]
    assert (m.title, m.action) == ("时任省委书记", "肯定")
    assert "充分肯定农民持股共富模式" in m.surface


def test_in_003_three_leaders_in_one_clause_give_three_endorsements(segmented):
    found = endorsements_in(case_parts(segmented, "compilation", "副省长成岳冲批示肯定"))
    trio = [m for m in found if m.leader in {"郑栅洁", "黄建发", "成岳冲"}]
    assert who_how(trio) == {
        ("郑栅洁", "时任省长", "批示"),
        ("黄建发", "省委副书记", "批示"),
        ("成岳冲", "副省长", "批示"),
    }
    assert len({(m.start, m.end) for m in trio}) == 1  # one clause is the evidence of all three


def test_in_003_names_before_and_after_titles_mix_in_one_list(segmented):
    found = endorsements_in(case_parts(segmented, "compilation", "最高法院周强院长"))
    assert {("周强", "院长", "批示"), ("袁家军", "时任省委书记", "批示")} <= who_how(found)


def test_in_003_titles_joined_by_a_comma_mark_belong_to_one_person(segmented):
    found = endorsements_in(case_parts(segmented, "compilation", "主席万立骏"))
    assert ("万立骏", "党组书记、主席", "批示") in who_how(found)


def test_in_003_a_titled_leader_without_a_name_is_kept_with_its_title(segmented):
    found = endorsements_in(case_parts(segmented, "compilation", "获多位省领导批示"))
    assert (None, "省领导", "批示") in who_how(found)


def test_in_003_the_quoted_words_after_the_instruction_are_the_quote(segmented):
    found = endorsements_in(case_parts(segmented, "compilation", "勇于创新、成效明显"))
    [m] = [m for m in found if m.leader == "袁家军"]
    assert (m.action, m.quote) == ("批示", "勇于创新、成效明显")


def test_in_003_names_listed_before_dengsheng_lingdao_get_that_title(segmented):
    found = endorsements_in(case_parts(segmented, "compilation", "徐文光等省领导肯定"))
    assert {("黄建发", "省领导", "肯定"), ("徐文光", "省领导", "肯定")} <= who_how(found)


def test_in_003_media_praise_after_a_leader_s_instruction_is_not_the_leader_s(segmented):
    found = endorsements_in(case_parts(segmented, "compilation", "副省长王文序批示肯定"))
    mine = [m for m in found if m.leader == "王文序"]
    assert [m.action for m in mine] == ["批示"]
    assert "人民网" not in mine[0].surface


def test_across_003_the_same_leader_is_the_same_string(segmented):
    doc, cases = segmented["compilation"]
    cases_with_yuan = set()
    for case in cases:
        for m in endorsements_in([normalize(doc.text[s:e]).text for s, e in case.parts]):
            if m.leader and "袁家" in m.leader:
                assert m.leader == "袁家军"
                cases_with_yuan.add(case.ordinal)
    assert len(cases_with_yuan) >= 10


def test_no_name_read_anywhere_in_the_seeds_holds_shiren_or_deng(segmented):
    names = set()
    for doc, cases in segmented.values():
        for case in cases:
            names |= {m.leader for m in endorsements_in([normalize(doc.text[s:e]).text for s, e in case.parts])}
    names.discard(None)
    assert names
    assert not [n for n in names if "时任" in n or "等" in n or not 2 <= len(n) <= 4]


# ---------------------------------------------------------------------------------------------- negatives


def test_the_brief_header_recipient_list_is_never_an_endorsement(segmented):
    doc, _ = segmented["brief3"]
    header = doc.text[: doc.text.index("【")]
    assert "报：" in header
    assert find(header) == []


def test_a_recipient_line_yields_nothing_even_with_an_action_word():
    text = "报：李跃旗书记、吴海平市长、\n芮宏副书记批示肯定\n其中，该做法得到郑栅洁省长批示肯定。"
    assert [m.leader for m in find(text)] == ["郑栅洁"]


def test_a_name_without_a_leader_title_is_not_a_leader():
    assert find("王小明来到工坊调研，充分肯定这一做法。") == []


def test_a_visit_by_ordinary_staff_is_not_an_endorsement():
    assert find("省农科院专家实地考察后给予肯定，认为该模式值得推广。") == []


def test_a_village_party_secretary_is_not_a_political_leader():
    assert find("村党支部书记王大伟带领村民调研市场，得到肯定。") == []


def test_a_title_inside_an_ordinary_word_is_no_leader():
    assert find("城市长效管理机制得到肯定。") == []


def test_media_praise_is_not_an_endorsement():
    assert find("“爱心车轮食堂”获得央视《新闻联播》点赞。") == []


def test_praise_by_an_organisation_is_not_a_leader_s_endorsement():
    assert find("相关做法得到国家卫健委和中医药管理局的充分肯定。") == []


# ---------------------------------------------------------------------------------------------- edge cases


def test_a_quoted_name_of_the_practice_is_not_a_quote():
    [m] = find("时任中央政法委书记郭声琨同志来嘉兴调研时，充分肯定“嘉兴众治”做法。")
    assert (m.leader, m.action, m.quote) == ("郭声琨", "肯定", None)


def test_words_spoken_during_a_visit_are_its_quote():
    [m] = find("国家体育总局副局长刘国永来杭调研时指出“杭州建设体育场地值得推广”。")
    assert (m.leader, m.action, m.quote) == ("刘国永", "调研", "杭州建设体育场地值得推广")


def test_a_two_character_name_stops_before_the_verb():
    [m] = find("省长王浩专门作出批示，要求总结推广。")
    assert (m.leader, m.title, m.action) == ("王浩", "省长", "批示")


def test_a_line_break_inside_a_title_is_tolerated():
    text = "相关做法获时任省委书\n记袁家军批示肯定。"
    [m] = find_endorsements(text)
    assert (m.leader, m.action) == ("袁家军", "批示")
    assert text[m.start : m.end] == m.surface


def test_traditional_characters_are_read_after_normalisation():
    [m] = find("相關做法獲時任省委書記袁家軍批示肯定。")
    assert (m.leader, m.title, m.action) == ("袁家军", "时任省委书记", "批示")


def test_offsets_always_point_into_the_given_text(segmented):
    for doc, cases in segmented.values():
        for case in cases:
            for s, e in case.parts:
                text = normalize(doc.text[s:e]).text
                for m in find_endorsements(text):
                    assert text[m.start : m.end] == m.surface


def test_the_whole_seed_corpus_runs_well_under_a_second():
    texts = [normalize(p.read_text(encoding="utf-8")).text for p in sorted(raw_dir().glob("*.txt"))]
    find_endorsements("预热")
    t0 = time.perf_counter()
    for t in texts:
        find_endorsements(t)
    assert time.perf_counter() - t0 < 0.5


# ---------------------------------------------------------------------------------------------- dev gold


def _dev_gold_counts(segmented) -> tuple[int, int, int]:
    """(tp, fp, fn) over 000 and 001, matching (leader, or title when no leader is named; action) per case."""
    tp = fp = fn = 0
    for key in ("brief3", "brief7"):
        doc, cases = segmented[key]
        gold = json.loads((GOLD / doc.name.replace(".txt", ".json")).read_text(encoding="utf-8"))
        by_ordinal = {c["ordinal"]: c for c in gold["cases"]}
        for case in cases:
            g = Counter((e["leader"] or e["title"], e["action"]) for e in by_ordinal[case.ordinal]["endorsements"])
            o = Counter(
                (m.leader or m.title, m.action)
                for m in endorsements_in([normalize(doc.text[s:e]).text for s, e in case.parts])
            )
            hit = sum((g & o).values())
            tp, fp, fn = tp + hit, fp + sum(o.values()) - hit, fn + sum(g.values()) - hit
    return tp, fp, fn


@pytest.fixture(scope="module")
def dev_gold_counts(segmented) -> tuple[int, int, int]:
    return _dev_gold_counts(segmented)


def test_dev_gold_precision_stays_at_the_reached_level(dev_gold_counts):
    tp, fp, _ = dev_gold_counts
    assert tp > 0
    assert tp / (tp + fp) >= 1.0  # reached: 2/2


def test_dev_gold_recall_stays_at_the_reached_level(dev_gold_counts):
    tp, _, fn = dev_gold_counts
    assert tp / (tp + fn) >= 1.0  # reached: 2/2


def test_dev_gold_f1_meets_the_target(dev_gold_counts):
    tp, fp, fn = dev_gold_counts
    assert 2 * tp / (2 * tp + fp + fn) >= 0.90
