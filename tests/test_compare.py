"""Counts checked by hand against the texts (grep -o -i -w over the seeds, then the cleaning
read through): periods are Nov 2016 = {tempo, cnn}, Mar 2018 = {xinhua}, Nov 2024 – Feb 2025 =
{valdai, pantau}."""

import pytest

from corpus.analysis.compare import PER, compare, rate_text, rate_value, top_terms
from corpus.analysis.query import parse


def run(bundled, text):
    corpus, index = bundled
    return compare(corpus, index, parse(text))


def counts(result):
    return [(p.count, p.docs, p.articles) for p in result.periods]


def test_periods_are_chronological_with_their_articles(bundled):
    corpus, index = bundled
    assert [p.label for p in corpus.periods] == ["Nov 2016", "Mar 2018", "Nov 2024 – Feb 2025"]
    assert index.period_articles == (2, 1, 2)


def test_token_total_of_one_article_by_hand(bundled):
    # 000 (xinhua) has no chrome: `wc -w` gives 267 words, and "Rusia-Amerika" is two tokens.
    corpus, index = bundled
    row = corpus.row_of("xinhua-2018-03-21")
    assert index.docs["tokens"][row] == 268
    assert index.period_tokens[1] == 268


def test_suriah(bundled):
    # tempo 1, cnn 4 | xinhua 1 | none in 2024–25
    assert counts(run(bundled, "suriah")) == [(5, 2, 2), (1, 1, 1), (0, 0, 2)]


def test_ukraina(bundled):
    # cnn 1 | xinhua 1 | valdai 6 (subheading "Fokus Kerja Sama di Krisis Ukraina" included)
    assert counts(run(bundled, "Ukraina")) == [(1, 1, 2), (1, 1, 1), (6, 1, 2)]


def test_wildcard_lists_each_term(bundled):
    # terorisme: tempo 1, cnn 2, xinhua 1; teror: cnn 1 ("menebarkan teror")
    result = run(bundled, "teror*")
    assert counts(result) == [(4, 2, 2), (1, 1, 1), (0, 0, 2)]
    assert result.terms.rows() == [("terorisme", 3, 1, 0), ("teror", 1, 0, 0)]


def test_phrase_counts_after_cleaning(bundled):
    # raw: tempo 1, cnn 1 | xinhua 2 (its "Istana Kepresiden Rusia" is another word) |
    # valdai 2 (teaser + full paragraph), pantau 2 (photo credit + dateline). Cleaning drops
    # the teaser and the photo credit.
    assert counts(run(bundled, '"presiden rusia"')) == [(2, 2, 2), (2, 1, 1), (2, 2, 2)]


def test_alternatives_add_up_and_duplicates_count_once(bundled):
    both = run(bundled, "suriah | ukraina")
    assert [p.count for p in both.periods] == [6, 2, 6]
    assert [p.count for p in run(bundled, "suriah, suriah, SURIAH").periods] == [5, 1, 0]
    assert [p.count for p in run(bundled, "suriah suri*").periods] == [5, 1, 0]


def test_rate_shows_its_denominator(bundled):
    result = run(bundled, "suriah")
    first = result.periods[0]
    assert first.tokens == 702
    assert first.per_10k == pytest.approx(5 * PER / 702)


def test_hits_per_article(bundled):
    corpus, _ = bundled
    result = run(bundled, "peskov")
    by_id = {corpus.articles["id"][row]: n for row, n in result.doc_counts.items()}
    assert by_id == {"valdai-2024-11-08": 3, "pantau-2025-02-13": 2}


def test_no_match_is_zero_not_an_error(bundled):
    result = run(bundled, "zzzz*")
    assert result.total == 0 and result.terms.is_empty() and not result.doc_counts


def test_top_terms_skip_stopwords(bundled):
    corpus, index = bundled
    top = top_terms(corpus, index)
    assert set(top["period"]) == {0, 1, 2}
    assert not set(top["term"]) & {"yang", "dan", "untuk", "di"}
    first = top.filter(top["period"] == 1).row(0, named=True)
    assert first["term"] == "rusia" and first["per_10k"] == pytest.approx(first["count"] * PER / 268)


@pytest.mark.parametrize(
    ("rate", "decimals", "text", "value"),
    [
        (0.0, 1, "0.0", 0.0),
        (18 * PER / 17_468_084, 1, "0.01", 0.01),  # a rare phrase at 100,000 articles: not "0.0"
        (0.003456, 2, "0.0035", 0.0035),
        (128.2051, 1, "128.2", 128.2),
        (37.3134, 2, "37.31", 37.31),
        (0.3, 0, "0.3", 0.3),
    ],
)
def test_rates_never_show_a_rare_term_as_zero(rate, decimals, text, value):
    assert rate_text(rate, decimals) == text
    assert rate_value(rate, decimals) == value
