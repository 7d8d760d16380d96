"""What changed: per period, the keyphrases that are new, gone or kept since the period before.

Phrases are the articles' keywords (corpus/keywords/extraction.py), compared lower-cased with runs of
whitespace made one space. A period's phrases are those of any of its articles. Each list is
ordered by how many articles of the period it describes carry the phrase (new and persistent:
this period; vanished: the period before), then alphabetically.

The first period has nothing before it: `previous` is None and its three lists are empty
(`phrases` still lists what it has). A period is compared with the one just before it even
when that one has no articles, so `articles` is given to let a view say so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from corpus.keywords.extraction import Keyword
from corpus.model import Corpus

Keywords = Sequence[tuple[Keyword, ...] | None] | Mapping[int, tuple[Keyword, ...]]


@dataclass(frozen=True)
class PeriodChanges:
    period: int
    label: str
    articles: int  # articles of the period with keywords
    previous: int | None  # the period compared with; None for the first
    phrases: tuple[str, ...]  # all of this period's phrases
    new: tuple[str, ...]  # here, not in the period before
    vanished: tuple[str, ...]  # in the period before, not here
    persistent: tuple[str, ...]  # in both


def normalize(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _ordered(counts: Counter[str], keep: set[str] | None = None) -> tuple[str, ...]:
    items = [(p, n) for p, n in counts.items() if keep is None or p in keep]
    return tuple(p for p, _ in sorted(items, key=lambda pn: (-pn[1], pn[0])))


def what_changed(corpus: Corpus, keywords: Keywords) -> tuple[PeriodChanges, ...]:
    """One PeriodChanges per period, in period order.

    `keywords` is aligned with corpus rows (a list, None for an article not yet done) or a
    mapping row -> keywords (missing rows are skipped).
    """
    get: Callable[[int], tuple[Keyword, ...] | None]
    if isinstance(keywords, Mapping):
        get = keywords.get
    else:
        if len(keywords) != len(corpus):
            raise ValueError(f"{len(keywords)} keyword tuples for {len(corpus)} articles")
        get = keywords.__getitem__
    per_period: list[Counter[str]] = [Counter() for _ in corpus.periods]
    articles = [0] * len(corpus.periods)
    for row, period in enumerate(corpus.articles["period"].to_list()):
        found = get(row)
        if period is None or found is None:
            continue
        articles[period] += 1
        per_period[period].update({normalize(k.phrase) for k in found} - {""})
    result = []
    for i, period in enumerate(corpus.periods):
        here = per_period[i]
        if i == 0:
            result.append(PeriodChanges(i, period.label, articles[i], None, _ordered(here), (), (), ()))
            continue
        before = per_period[i - 1]
        result.append(
            PeriodChanges(
                period=i,
                label=period.label,
                articles=articles[i],
                previous=i - 1,
                phrases=_ordered(here),
                new=_ordered(here, set(here) - set(before)),
                vanished=_ordered(before, set(before) - set(here)),
                persistent=_ordered(here, set(here) & set(before)),
            )
        )
    return tuple(result)
