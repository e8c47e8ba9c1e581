"""Indonesian number resolution: digits, number words, vague amounts, non-counts."""

import pytest

from kabar.nlp.numbers import find_numbers, is_number_token, ordinal_value, parse_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("nol", 0),
        ("satu", 1),
        ("Sembilan", 9),
        ("sepuluh", 10),
        ("sebelas", 11),
        ("tiga belas", 13),
        ("sembilan belas", 19),
        ("Dua puluh", 20),
        ("dua puluh lima", 25),
        ("sembilan puluh sembilan", 99),
        ("seratus", 100),
        ("seratus dua puluh", 120),
        ("seratus sebelas", 111),
        ("empat ratus delapan belas", 418),
        ("seribu", 1000),
        ("seribu dua ratus lima puluh", 1250),
        ("tiga ribu", 3000),
        ("tujuh puluh ribu", 70000),
        ("sejuta", 1_000_000),
        ("dua juta tiga ratus ribu", 2_300_000),
        ("seorang", 1),
        ("sebuah", 1),
        ("seekor", 1),
        ("selusin", 12),
        ("7", 7),
        ("1.200", 1200),
        ("1.000", 1000),
        ("46.310", 46310),
        ("2,5 juta", 2_500_000),
        ("1,2 juta", 1_200_000),
        ("40 ribu", 40_000),
        ("puluhan", None),
        ("ratusan ribu", None),
        ("beberapa", None),
        ("2,5", None),          # not an integer count
        ("19:30", None),        # a time
        ("07.15", None),        # a time, Indonesian style
        ("dua tiga", None),     # two numbers, not one
        ("drone", None),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def test_find_numbers_spans_are_word_indices_and_maximal():
    words = "Sedikitnya dua puluh tiga orang tewas dan 14 lainnya luka-luka".split()
    spans = find_numbers(words)
    assert [(s.start, s.end, s.value) for s in spans] == [(1, 4, 23), (7, 8, 14)]
    assert spans[0].text == "dua puluh tiga"
    assert not spans[0].vague and not spans[0].approx


def test_number_word_next_to_noun_is_not_absorbed():
    spans = find_numbers(["17", "orang", "dan", "seratus", "rumah"])
    assert [(s.text, s.value) for s in spans] == [("17", 17), ("seratus", 100)]


def test_vague_amounts_have_no_value():
    spans = find_numbers("puluhan drone dan ribuan warga serta beberapa rudal".split())
    assert [s.text for s in spans] == ["puluhan", "ribuan", "beberapa"]
    assert all(s.vague and s.value is None for s in spans)


def test_sejumlah_before_a_number_yields_the_number():
    spans = find_numbers("sejumlah 48 drone".split())
    assert [(s.text, s.value, s.vague) for s in spans] == [("48", 48, False)]


def test_selusin_is_approximate_twelve():
    (span,) = find_numbers("lebih dari selusin rudal".split())
    assert span.value == 12 and span.approx
    (lusinan,) = find_numbers(["lusinan", "drone"])
    assert lusinan.vague and lusinan.value is None


def test_times_years_and_percents_are_marked():
    words = "pukul 21:15 tahun 2024 naik 30% dan 1.000 km".split()
    kinds = {s.text: (s.kind, s.value) for s in find_numbers(words)}
    assert kinds["21:15"] == ("time", None)
    assert kinds["2024"] == ("year", 2024)
    assert kinds["30%"] == ("percent", 30)
    assert kinds["1.000"] == ("cardinal", 1000)   # the rules decide it is a distance


def test_ranges_carry_both_bounds():
    (one_token,) = find_numbers(["8-12", "orang"])
    assert (one_token.kind, one_token.value, one_token.high) == ("range", 8, 12)
    (three_tokens,) = find_numbers(["8", "-", "12", "orang"])
    assert (three_tokens.start, three_tokens.end, three_tokens.value, three_tokens.high) == (0, 3, 8, 12)


def test_punctuation_attached_to_words_is_ignored():
    spans = find_numbers(["(tiga", "belas),", "lalu", "1.500."])
    assert [s.value for s in spans] == [13, 1500]


@pytest.mark.parametrize("word, expected", [("ketujuh", 7), ("kedua", 2), ("pertama", 1),
                                            ("ke-12", 12), ("kedelapan", 8), ("kemarin", None)])
def test_ordinals_are_separate(word, expected):
    assert ordinal_value(word) == expected
    assert find_numbers([word]) == [] or expected is None


@pytest.mark.parametrize("word, expected", [("12", True), ("1.000", True), ("dua", True),
                                            ("Seorang", True), ("selusin", True), ("puluh", True),
                                            ("drone", False), ("kedua", False), ("semalam", False)])
def test_is_number_token(word, expected):
    assert is_number_token(word) is expected


@pytest.mark.parametrize("text, expected", [
    ("sekitar enam hingga delapan drone", (6, 8)),
    ("10 sampai 15 rudal", (10, 15)),
    ("tiga sampai dengan lima orang", (3, 5)),
])
def test_worded_ranges_take_the_lower_bound(text, expected):
    (span,) = find_numbers(text.split())
    assert (span.kind, span.value, span.high) == ("range", *expected)


@pytest.mark.parametrize("text", ["naik dari 4 hingga 9 orang", "delapan hingga dua"])
def test_rises_and_falling_pairs_are_not_ranges(text):
    assert all(s.kind == "cardinal" for s in find_numbers(text.split()))


@pytest.mark.parametrize("words", [["sistem", "S-", "300", "itu"], ["jet", "Su", "-", "35"],
                                   ["pengebom", "Tu-", "160"], ["bom", "KAB-", "1500"]])
def test_model_codes_are_not_numbers(words):
    assert find_numbers(words) == []


def test_a_count_after_a_model_code_is_still_a_number():
    spans = find_numbers(["rudal", "Kh-", "101", "dan", "empat", "drone"])
    assert [s.value for s in spans] == [4]
