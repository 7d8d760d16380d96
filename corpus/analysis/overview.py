"""What a corpus looks like before any query: every topic by period, and frequent words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from corpus.analysis.compare import top_terms
from corpus.analysis.topics import Topic, compare_topics
from corpus.index.terms import TermIndex
from corpus.model import Corpus


@dataclass(frozen=True)
class Overview:
    topics: pl.DataFrame  # compare_topics(): topic, label, period, count, docs, per_10k, …
    words: pl.DataFrame  # top_terms(): period, term, count, per_10k


def overview(corpus: Corpus, index: TermIndex, topics: Mapping[str, Topic], words: int = 10) -> Overview:
    return Overview(compare_topics(corpus, index, topics), top_terms(corpus, index, per_period=words))
