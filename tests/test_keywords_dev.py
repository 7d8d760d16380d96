"""Keywords on real news nobody here wrote: precision@10 on 30 articles of the dev corpus.

The reader's list (tests/data/dev_keywords.toml) was written by a second reader from the texts
alone, before any extractor's output was seen, for 30 articles drawn with a fixed seed
(random.Random(20261202) over the rows with at least 600 characters of content); it holds the
articles' urls and keywords only, never their text. `pytest -s` prints every list.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import polars as pl
import pytest
from conftest import DEV_CSV
from test_keywords import is_topic, precision

from corpus.keywords import extraction as K
from corpus.keywords import ranking as R

READER = tomllib.loads((Path(__file__).parent / "data" / "dev_keywords.toml").read_text(encoding="utf-8"))["article"]


@pytest.fixture(scope="module")
def ranked(dev):
    corpus, index = dev
    urls = pl.read_csv(DEV_CSV, columns=["url"], infer_schema=False)["url"]
    df = R.index_document_frequency(index)
    out = {}
    for entry in READER:
        # table rows are numbered from 1 as the ids are (`kabar articles`)
        article_id = str(urls.index_of(entry["url"]) + 1)
        text = corpus.articles_with_texts().filter(pl.col("id") == article_id)["text"].item()
        candidates = R.candidate_rows([(0, K.extract(text))])
        out[article_id] = (entry, R.rank_rows(candidates, 1, len(corpus), df=df)[0])
    return out


def test_precision_against_a_second_reader(ranked):
    scores = {}
    for article_id, (entry, kws) in ranked.items():
        topics = set(entry["keywords"])
        scores[article_id] = precision([k.phrase for k in kws], topics)
        shown = " · ".join(("" if is_topic(k.phrase, topics) else "✗") + k.phrase for k in kws)
        print(f"{article_id:>6} {scores[article_id]:.1f} {shown}")
    mean = sum(scores.values()) / len(scores)
    print(f"mean precision@10 over {len(scores)} articles: {mean:.2f}")
    assert len(scores) == 30
    assert mean >= 0.7
