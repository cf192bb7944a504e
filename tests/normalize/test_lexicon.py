"""normalize.lexicon: which kanji would make a word where OCR's reading makes none."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.lexicon import Context, in_word, is_kanji, jis_kanji, stands_alone, word_candidates

# words of the forms whose kanji Tesseract misreads (賦課 read 虐課 or 農課, 困窮 read 困究)
WORDS = ["賦課", "困窮", "令和", "還付", "喪失", "寄与", "関与", "窓口", "委託", "廃止"]


def test_jis_kanji_are_the_6355_of_levels_one_and_two():
    kanji = jis_kanji()
    assert len(kanji) == 6355 and len(set(kanji)) == 6355
    assert "賦" in kanji and "窮" in kanji and "亜" == kanji[0]
    assert all(is_kanji(k) for k in kanji)
    assert not is_kanji("あ") and not is_kanji("④") and not is_kanji("賦課")


def test_a_misread_kanji_stands_alone_and_the_printed_one_makes_a_word():
    bad = [Context("個人住民税の虐課に関する事務", 6), Context("虐課期日", 0)]
    assert stands_alone(bad)
    good = [Context("個人住民税の賦課に関する事務", 6)]
    assert not stands_alone(good)
    assert in_word("賦課期日", 0) and not in_word("虐課期日", 0)
    candidates = word_candidates(bad)
    assert "賦" in candidates and "虐" not in candidates
    # every candidate makes a word in every context
    assert all(in_word(c.text[: c.at] + k + c.text[c.at + 1 :], c.at) for k in candidates for c in bad)


def test_no_contexts_no_candidates_and_a_pool_limits_them():
    assert word_candidates([]) == []
    assert not stands_alone([])
    bad = [Context("虐課期日", 0)]
    assert word_candidates(bad, pool=("賦", "亜")) == ["賦"]


def test_a_character_past_either_end_of_its_context_belongs_to_no_word():
    assert not in_word("賦課", 5)


@given(st.sampled_from(WORDS), st.integers(0, 1), st.sampled_from("虐農貝駆由央"))
@settings(deadline=None)  # one call tags ~6,500 strings: a shared machine's load makes it slow, not wrong
def test_a_word_spoilt_by_one_misread_kanji_gets_it_back_as_a_candidate(word, i, wrong):
    spoilt = word[:i] + wrong + word[i + 1 :]
    if in_word(spoilt, i):
        return  # the misreading happens to be a word itself: nothing to repair
    assert word[i] in word_candidates([Context(spoilt + "の事務", i)])


def test_a_share_of_the_contexts_and_every_place_the_line_prints_the_character():
    # 条 makes 条例 but stands alone in 第2条 (a word of its own): with share 1 it is no candidate
    bad = [Context("審査会奈例第2奈第2項", 3), Context("会奈例第2奈第2項の調査", 5)]
    assert "条" not in word_candidates(bad, pool=("条", "亜"))
    assert word_candidates(bad, pool=("条", "亜"), share=0.5) == ["条"]
    # a kana misread as a kanji (ロ as 口) has kana among its candidates
    assert "ロ" in word_candidates([Context("新型コ口ナウイルス", 3)])


def test_the_default_pool_is_the_kanji_then_the_kana():
    from normalize.lexicon import default_pool

    pool = default_pool()
    assert pool[: len(jis_kanji())] == jis_kanji() and "に" in pool and "ロ" in pool and "ー" in pool
