"""Keyphrases of periods read from the index: what What changed compares (docs/scale.md, part 5).

Candidates are content words (corpus.keywords.stopwords.content_terms) and phrases of two or
three words that start and end with one (a stopword may stand inside: "menteri luar negeri"),
counted per period: occurrences, and the articles holding them. Articles outside every period
are left out.

Phrases are looked for around seed words only, read from those words' positions, so that the
cost follows their occurrences and not the corpus's size: for each period, the SEED_WORDS words
most distinctive of it against the rest of the corpus, against the period before and against
the period after. A phrase none of whose words is a seed is missed; a distinctive phrase nearly
always holds a distinctive word.

distinctive() ranks candidates by keyness (G², as corpus.analysis.keyness) of one period against
others: those more frequent there, significantly (p < .05), in at least MIN_COUNT occurrences and
floor() articles. A phrase another listed phrase holds is dropped when that longer one carries
SUBSUMED of its occurrences ("widodo" under "joko widodo"): a reader would say it once.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from corpus.analysis.keyness import critical_value, g2_expr
from corpus.index.terms import TermIndex
from corpus.keywords.stopwords import content_terms
from corpus.model import Corpus

SEED_WORDS = 60  # words per period and comparison whose phrases are looked for
MAX_WORDS = 3
MIN_COUNT = 2
MIN_DOCS = 2
MANY = 20  # articles of a period from which a keyphrase must be in MIN_DOCS of them
SUBSUMED = 0.8
SIGNIFICANT = critical_value(0.05)

COLUMNS = pl.Schema(
    {"phrase": pl.String, "count": pl.Int64, "docs": pl.Int64, "reference_count": pl.Int64, "g2": pl.Float64}
)


_RANKED = pl.Schema([*COLUMNS.items(), ("terms", pl.List(pl.Int64))])


def count(period: int) -> str:
    """candidates()'s column of the occurrences in `period`."""
    return f"count_{period}"


def docs(period: int) -> str:
    """candidates()'s column of the articles of `period` holding the phrase."""
    return f"docs_{period}"


def candidates(corpus: Corpus, index: TermIndex) -> pl.DataFrame:
    """Every candidate, a row each: phrase, terms (its term ids), and per period p its count(p)
    and docs(p) columns (0 where it does not occur)."""
    n = len(corpus.periods)
    words = _word_counts(index)
    content = content_terms(index.vocab)
    word_rows = words.join(content, on="term_id").select(
        "period", "count", "docs", phrase="term", terms=pl.concat_list(pl.col("term_id").cast(pl.Int64))
    )
    seeds: list[pl.Series] = []
    if n > 1:
        wide_words = _wide(word_rows, n)
        for p in range(n):
            for others in ([q for q in range(n) if q != p], [p - 1], [p + 1]):
                if all(0 <= q < n for q in others):
                    seeds.append(distinctive(wide_words, index, [p], others).head(SEED_WORDS)["terms"])
    seed_ids = pl.concat(seeds).explode().unique() if seeds else pl.Series([], dtype=pl.Int64)
    return _wide(pl.concat([word_rows, _grams(index, seed_ids, content)], how="vertical_relaxed"), n)


def _wide(long: pl.DataFrame, periods: int) -> pl.DataFrame:
    """(period, count, docs, phrase, terms) rows as one row per phrase, count(p) and docs(p)."""
    columns = [
        expr
        for p in range(periods)
        for expr in (
            pl.col("count").filter(pl.col("period") == p).sum().cast(pl.Int64).alias(count(p)),
            pl.col("docs").filter(pl.col("period") == p).sum().cast(pl.Int64).alias(docs(p)),
        )
    ]
    return long.group_by("phrase").agg(pl.col("terms").first(), *columns)


def floor(articles: int) -> int:
    """The articles of a period (of `articles`) a keyphrase must be in."""
    return MIN_DOCS if articles >= MANY else 1


def distinctive(
    found: pl.DataFrame, index: TermIndex, targets: Sequence[int], others: Sequence[int], *, subsume: bool = True
) -> pl.DataFrame:
    """The candidates `found` (candidates()) significantly more frequent in the periods
    `targets` together than in `others` together (COLUMNS, and terms), most distinctive first;
    subsumed phrases dropped unless `subsume` is False."""
    c = sum(index.period_tokens[p] for p in targets)
    d = sum(index.period_tokens[q] for q in others)
    if not c or not d:
        return pl.DataFrame(schema=_RANKED)
    ranked = (
        found.select(
            "phrase", "terms",
            target_count=pl.sum_horizontal(count(p) for p in targets),
            docs=pl.sum_horizontal(docs(p) for p in targets),
            reference_count=pl.sum_horizontal(count(q) for q in others),
        )
        .filter(
            (pl.col("target_count") >= MIN_COUNT)
            & (pl.col("docs") >= floor(sum(index.period_articles[p] for p in targets)))
            & (pl.col("target_count") * d > pl.col("reference_count") * c)  # more frequent here
        )
        .with_columns(count="target_count", g2=g2_expr(c, d))
        .filter(pl.col("g2") >= SIGNIFICANT)
    )
    kept = unsubsumed(ranked) if subsume else ranked
    return kept.sort(["g2", "phrase"], descending=[True, False]).select(*COLUMNS, "terms")


_LONG = pl.Schema(
    [("period", pl.Int32), ("count", pl.Int64), ("docs", pl.Int64), ("phrase", pl.String), ("terms", pl.List(pl.Int64))]
)


def _word_counts(index: TermIndex) -> pl.DataFrame:
    """term_id, period, count, docs of every word in every period: from the day counts, else
    the postings."""
    days = index.days
    if days is not None and days.period is not None:
        rows = days.counts.select("term_id", pl.lit(days.period).gather("day").alias("period"), "count", "docs")
    else:
        rows = index.postings.select("term_id", "period", count="n", docs=pl.lit(1, pl.UInt32))
    return (
        rows.filter(pl.col("period").is_not_null())
        .group_by("term_id", "period")
        .agg(pl.col("count").cast(pl.Int64).sum(), pl.col("docs").cast(pl.Int64).sum())
    )


def _grams(index: TermIndex, seeds: pl.Series, content: pl.DataFrame) -> pl.DataFrame:
    """Every phrase of 2..MAX_WORDS tokens holding a seed word, starting and ending with a
    content word, within one article: period, count, docs, phrase, terms."""
    at = index.occurrences(seeds.cast(pl.UInt32))["row"]  # the seeds' stream rows
    if at.is_empty():
        return pl.DataFrame(schema=_LONG)
    is_content = pl.zeros(index.vocab.height, pl.Boolean, eager=True).scatter(content["term_id"], True)
    vocab = index.vocab["term"]
    parts = []
    for n in range(2, MAX_WORDS + 1):
        # every start from which n tokens cover a seed's occurrence, inside one article
        starts = pl.concat([at - k for k in range(n)]).unique().sort()
        starts = starts.filter((starts >= 0) & (starts + n - 1 < index.tokens))
        doc, ends = index.locate(starts)
        same = starts + n <= ends
        starts, doc = starts.filter(same), doc.filter(same)
        keys = [f"t{k}" for k in range(n)]
        found = pl.DataFrame({"doc": doc, **{key: index.terms_at(starts + k) for k, key in enumerate(keys)}}).filter(
            pl.lit(is_content).gather(pl.col(keys[0])) & pl.lit(is_content).gather(pl.col(keys[-1]))
        )
        counted = (
            found.group_by("doc", *keys).agg(count=pl.len())
            .with_columns(period=pl.lit(index.docs["period"]).gather(pl.col("doc")))
            .filter(pl.col("period").is_not_null())
            .group_by("period", *keys)
            .agg(pl.col("count").sum().cast(pl.Int64), docs=pl.len().cast(pl.Int64))
        )
        parts.append(counted.select(
            "period", "count", "docs",
            phrase=pl.concat_str([pl.lit(vocab).gather(pl.col(key)) for key in keys], separator=" "),
            terms=pl.concat_list([pl.col(key).cast(pl.Int64) for key in keys]),
        ))
    return pl.concat(parts, how="vertical_relaxed")


def unsubsumed(ranked: pl.DataFrame) -> pl.DataFrame:
    """`ranked` (distinctive()'s) without the phrases a longer one of them holds, carrying
    SUBSUMED of their occurrences; in the same order."""
    words = pl.col("phrase").str.split(" ")
    inner = pl.concat([
        ranked.filter(words.list.len() > size)
        .select(count="count", words=words)
        .filter(pl.col("words").list.len() >= start + size)
        .select("count", phrase=pl.col("words").list.slice(start, size).list.join(" "))
        for size in range(1, MAX_WORDS)
        for start in range(MAX_WORDS - size + 1)
    ])
    held = inner.group_by("phrase").agg(held=pl.col("count").max())
    return (
        ranked.join(held, on="phrase", how="left", maintain_order="left")
        .filter(pl.col("held").fill_null(0) < SUBSUMED * pl.col("count"))
        .drop("held")
    )
