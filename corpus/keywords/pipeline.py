"""The keyword pipeline: candidates (corpus.keywords.extraction, in worker processes:
corpus.keywords.pool), cached on disk (corpus.keywords.cache), ranked against the corpus
(corpus.keywords.ranking). Two drivers:

* one article: `article_keywords(text, index)`, YAKE on that article only (when not cached);
* the whole corpus: `keywords_for_corpus(texts, index)` (`kabar keywords` without an ID).

Both give an article the same keywords.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from corpus.keywords.cache import candidates_of, keywords_for, not_cached
from corpus.keywords.extraction import Keyword, extract
from corpus.keywords.pool import extract_many
from corpus.keywords.ranking import candidate_rows, index_document_frequency, rank_article, rank_rows

if TYPE_CHECKING:
    from corpus.index.terms import TermIndex



def article_keywords(
    text: str,
    index: TermIndex,
    *,
    extract_one: Callable[[str], tuple[Keyword, ...]] | None = None,
    notify: Callable[[str], None] | None = None,
) -> tuple[Keyword, ...]:
    """Final keywords of one article of the corpus `index` was built from: its candidates from
    the disk cache, or from `extract_one` (default extract(), here) and then cached; YAKE runs
    on no other article. The result is the one keywords_for_corpus() gives for this text."""
    return rank_article(candidates_of(text, extract_one or extract, notify=notify), index)


def keywords_for_corpus(
    texts: list[str], index: TermIndex, *, notify: Callable[[str], None] | None = None
) -> list[tuple[Keyword, ...]]:
    """Final keywords of every text of the corpus `index` was built from (in its order):
    candidates from the disk cache (corpus.keywords.cache), then rank_rows() with the index's document
    frequencies. Notices (a rebuilt cache, a cache that cannot be written) go to `notify`;
    without a writable cache the candidates are still computed.
    """
    candidates: dict[int, tuple[Keyword, ...]] = {}
    try:
        for item in keywords_for(texts):
            if isinstance(item, str):
                if notify:
                    notify(item)
            else:
                candidates[item[0]] = item[1]
    except OSError as exc:
        if notify and (notice := not_cached(exc)):
            notify(notice)
        missing = ((i, t) for i, t in enumerate(texts) if i not in candidates)
        candidates.update(extract_many(missing))
    rows = candidate_rows((i, candidates.get(i, ())) for i in range(len(texts)))
    return rank_rows(rows, len(texts), index.docs.height, df=index_document_frequency(index))
