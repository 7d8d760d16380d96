"""What changed: per period, the keyphrases that rose, fell or held since the period before.

Read from the index (corpus.analysis.phrases: words and phrases of two or three words, keyness
between periods), with no keyword extraction over the corpus: the view is ready when the index
is, at any size. For each period:

- phrases: its keyphrases, distinctive of it against the rest of the corpus (a corpus of one
  period: its words carried by the most articles);
- new: significantly more frequent than in the period before (keyness of this period
  against it), most distinctive first;
- vanished: significantly more frequent in the period before than here;
- persistent: in both, with no significant difference, ranked by how distinctive the two
  periods together are of them against the rest of the corpus (significant only); with no
  other period, by the articles of both carrying them.

The first period has nothing before it: `previous` is None and its three lists are empty
(`phrases` still lists what it has). A period is compared with the one just before it even when
that one has no articles. Each list holds at most LISTED phrases (`found`: how many it would
hold). `carried` gives, for every phrase listed for the period (and for the next period's
vanished), how many of its articles carry it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl

from corpus.analysis.phrases import MIN_COUNT, candidates, count, distinctive, docs, floor, unsubsumed
from corpus.index.terms import TermIndex
from corpus.model import Corpus

LISTED = 200  # phrases per list at most
KINDS = ("phrases", "new", "vanished", "persistent")


@dataclass(frozen=True)
class PeriodChanges:
    period: int
    label: str
    articles: int  # articles of the period
    previous: int | None  # the period compared with; None for the first
    phrases: tuple[str, ...]  # the period's keyphrases
    new: tuple[str, ...]  # rose since the period before
    vanished: tuple[str, ...]  # fell since the period before
    persistent: tuple[str, ...]  # held
    carried: Mapping[str, int] = field(default_factory=dict)  # phrase -> articles of this period
    # how many phrases each list ("phrases", "new", "vanished", "persistent") would hold uncut
    found: Mapping[str, int] = field(default_factory=dict)


def what_changed(corpus: Corpus, index: TermIndex) -> tuple[PeriodChanges, ...]:
    """One PeriodChanges per period, in period order."""
    n = len(corpus.periods)
    if n == 0:
        return ()
    found = candidates(corpus, index)
    ranked: list[dict[str, pl.DataFrame]] = []
    for p in range(n):
        rest = [q for q in range(n) if q != p]
        kinds = {"phrases": distinctive(found, index, [p], rest) if rest else _most_carried(found, index, p)}
        if p:
            # Persistent excludes whatever changed significantly, subsumed or not.
            rose = distinctive(found, index, [p], [p - 1], subsume=False)
            fell = distinctive(found, index, [p - 1], [p], subsume=False)
            kinds |= {
                "new": unsubsumed(rose),
                "vanished": unsubsumed(fell),
                "persistent": _held(found, index, p, set(rose["phrase"]) | set(fell["phrase"])),
            }
        ranked.append(kinds)
    lists = [
        tuple(tuple(kinds[kind]["phrase"].head(LISTED).to_list()) if kind in kinds else () for kind in KINDS)
        for kinds in ranked
    ]
    listed = found.filter(pl.col("phrase").is_in(_every(lists)))
    carried = [dict(listed.select("phrase", docs(p)).iter_rows()) for p in range(n)]
    return tuple(
        PeriodChanges(
            period=p,
            label=corpus.periods[p].label,
            articles=index.period_articles[p],
            previous=p - 1 if p else None,
            phrases=phrases,
            new=new,
            vanished=vanished,
            persistent=persistent,
            carried=_carried(carried[p], phrases, new, persistent, lists[p + 1][2] if p + 1 < n else ()),
            found={kind: frame.height for kind, frame in ranked[p].items()},
        )
        for p, (phrases, new, vanished, persistent) in enumerate(lists)
    )


def _most_carried(found: pl.DataFrame, index: TermIndex, period: int) -> pl.DataFrame:
    """The phrases of `period` carried by the most of its articles (nothing to compare with)."""
    here = found.filter(
        (pl.col(count(period)) >= MIN_COUNT) & (pl.col(docs(period)) >= floor(index.period_articles[period]))
    )
    return here.sort([docs(period), count(period), "phrase"], descending=[True, True, False])


def _held(found: pl.DataFrame, index: TermIndex, period: int, changed: set[str]) -> pl.DataFrame:
    """persistent (module docstring): in `period` and the one before, not in `changed`."""
    pair = [period - 1, period]
    both = found.filter(
        pl.all_horizontal(
            (pl.col(count(p)) >= MIN_COUNT) & (pl.col(docs(p)) >= floor(index.period_articles[p])) for p in pair
        )
        & ~pl.col("phrase").is_in(list(changed))
    )
    rest = [q for q in range(len(index.period_articles)) if q not in pair]
    if rest:
        return distinctive(both, index, pair, rest)
    return both.sort(pl.col(docs(pair[0])) + pl.col(docs(pair[1])), "phrase", descending=[True, False])


def _every(lists: Sequence[tuple[tuple[str, ...], ...]]) -> list[str]:
    return sorted({phrase for kinds in lists for phrases in kinds for phrase in phrases})


def _carried(docs: dict[str, int], *lists: tuple[str, ...]) -> dict[str, int]:
    return {phrase: docs.get(phrase, 0) for phrases in lists for phrase in phrases}
