"""Topic groups: bundled defaults, the user's file on top, and @topic counts."""

from __future__ import annotations

import pytest

from corpus.analysis.compare import PER, compare
from corpus.analysis.query import Query, parse
from corpus.analysis.topics import TopicError, compare_topics, load_topics, user_topics_file

BUNDLED_NAMES = {
    "terorisme", "suriah", "ukraina", "ekonomi", "pemilu", "telepon", "senjata",
    "putin", "trump", "kremlin", "diplomasi",
}


@pytest.fixture(autouse=True)
def config_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KABAR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KABAR_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


def write_user_file(config_dir, text):
    config_dir.mkdir(parents=True, exist_ok=True)
    path = config_dir / "topics.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_topics():
    topics = load_topics()
    assert set(topics) == BUNDLED_NAMES
    assert topics["ekonomi"].label == "ekonomi & sanksi"
    assert "krimea" in topics["ukraina"].terms and "crimea" in topics["ukraina"].terms
    # an entry with a space and no quotes is one phrase
    assert ("kerja", "sama") in [a.patterns for a in topics["diplomasi"].alternatives]
    assert ("teror*",) in [a.patterns for a in topics["terorisme"].alternatives]


def test_topic_count_is_the_sum_of_its_alternatives(bundled):
    corpus, index = bundled
    topics = load_topics()
    for name in ("suriah", "ukraina", "telepon", "diplomasi"):
        whole = compare(corpus, index, parse(f"@{name}", topics))
        parts = [compare(corpus, index, Query(a.label, (a,))) for a in topics[name].alternatives]
        for i, period in enumerate(whole.periods):
            assert period.count == sum(p.periods[i].count for p in parts), (name, i)
    # suriah by hand: suriah 5+1+0, assad 3, aleppo 1 (grep -i -w over the cleaned texts)
    suriah = compare(corpus, index, parse("@suriah", topics))
    assert [p.count for p in suriah.periods] == [9, 1, 0]


def test_user_file_replaces_and_adds(config_dir, bundled):
    write_user_file(
        config_dir,
        """
[suriah]
label = "Suriah (mine)"
terms = ["aleppo"]

[nato]
label = "NATO & Eropa"
terms = ["nato", "eropa*", '"uni eropa"']

[putin]
terms = []
""",
    )
    topics = load_topics()
    assert user_topics_file() == config_dir / "topics.toml"
    assert topics["suriah"].label == "Suriah (mine)"
    assert topics["suriah"].terms == ("aleppo",)
    assert topics["suriah"].origin == str(config_dir / "topics.toml")
    assert "putin" not in topics  # terms = [] hides a bundled topic
    assert list(topics)[-1] == "nato" and topics["nato"].label == "NATO & Eropa"
    corpus, index = bundled
    assert compare(corpus, index, parse("@suriah", topics)).total == 1
    assert compare(corpus, index, parse("@nato", topics)).total == 4  # eropa 3 + "uni eropa" 1


def test_explicit_user_file(tmp_path):
    path = tmp_path / "elsewhere.toml"
    path.write_text('[iklim]\nterms = ["iklim", "perubahan iklim"]\n', encoding="utf-8")
    topics = load_topics(path)
    assert topics["iklim"].label == "iklim"
    assert set(topics) == BUNDLED_NAMES | {"iklim"}
    with pytest.raises(TopicError, match="missing.toml"):
        load_topics(tmp_path / "missing.toml")


def test_no_user_file_is_fine(config_dir):
    assert not (config_dir / "topics.toml").exists()
    assert set(load_topics()) == BUNDLED_NAMES


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[suriah\nterms = [", "not valid TOML"),
        ('[suriah]\nterms = "a" "b"\n', "not valid TOML"),
        ('["ekonomi & sanksi"]\nterms = ["x"]\n', "topic name"),
        ('[Suriah]\nterms = ["x"]\n', "topic name"),
        ('suriah = "x"\n', "must be a table"),
        ('[suriah]\nterm = ["x"]\n', "unknown key 'term'"),
        ("[suriah]\nterms = [1, 2]\n", "terms must be a list of strings"),
        ("[suriah]\nlabel = 3\nterms = ['x']\n", "label"),
        ("[suriah]\n", "terms must be a list"),
        ("[suriah]\nterms = ['*']\n", "wildcard"),
        ("[suriah]\nterms = ['\"x']\n", "close the quote"),
        ("[suriah]\nterms = ['@ukraina']\n", "cannot include another topic"),
        ("[suriah]\nterms = ['--']\n", "no word"),
    ],
)
def test_bad_user_file_is_a_topic_error_naming_the_file(config_dir, text, message):
    path = write_user_file(config_dir, text)
    with pytest.raises(TopicError) as caught:
        load_topics()
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_unreadable_user_file(config_dir):
    config_dir.mkdir(parents=True)
    (config_dir / "topics.toml").write_bytes(b"\xff\xfe[suriah]")
    with pytest.raises(TopicError, match="topics.toml: not UTF-8"):
        load_topics()


def test_compare_topics_frame(bundled):
    corpus, index = bundled
    topics = load_topics()
    frame = compare_topics(corpus, index, topics)
    assert frame.columns == [
        "topic", "label", "period", "period_label", "count", "docs", "articles", "per_10k"
    ]
    assert frame.height == len(topics) * len(corpus.periods)
    assert frame["topic"].unique(maintain_order=True).to_list() == list(topics)
    for row in frame.iter_rows(named=True):
        result = compare(corpus, index, parse(f"@{row['topic']}", topics))
        period = result.periods[row["period"]]
        assert (row["count"], row["docs"], row["articles"]) == (period.count, period.docs, period.articles)
        assert row["per_10k"] == pytest.approx(period.count * PER / period.tokens)
        assert row["label"] == topics[row["topic"]].label
        assert row["period_label"] == corpus.periods[row["period"]].label
    suriah = frame.filter(topic="suriah")
    assert suriah["count"].to_list() == [9, 1, 0]
    assert suriah["per_10k"][0] == pytest.approx(9 * 10_000 / 702)
