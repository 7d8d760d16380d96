"""Keyword candidates of one article: YAKE, filtered by the keyword rules.

`extract(text)`: YAKE (n <= 3, without its position feature: a news lead names what the whole
corpus is about) over the text without its dateline. Candidates that a rule of
corpus.keywords.phrases rejects are dropped (stopword, date word, bare verb, -nya form, cited
outlet, a window cut out of a longer name), and so is a phrase found only inside a longer
candidate ("Dingin" of "Perang Dingin"). Score: YAKE's, times LONE for a lone common word (a
single word the text does not write as a name: "masalah", "resmi" are rarely topics). The best
CANDIDATES are kept, "lower is better". Per article, so it is cached (corpus.keywords.cache) and
runs in a process pool (corpus.keywords.pool); corpus.keywords.ranking re-ranks the candidates
over the corpus, and corpus.keywords.pipeline drives the whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from corpus.keywords.phrases import Occurrences, acceptable, cited_sources, prepare, without_fragments
from corpus.keywords.stopwords import stopwords

CANDIDATES = 40  # kept per article by extract(), for ranking to choose from
LONE = 5.0  # score factor for a lone common word
# YAKE features without "wpos"; YAKE's own deduplication is not used (ranking drops overlaps).
SETTINGS: dict[str, Any] = {"lan": "id", "n": 3, "window_size": 1, "features": ("wrel", "wfreq", "wspread", "wcase")}
# Bump when SETTINGS or the way keywords are chosen changes: cached keywords are keyed by it.
VERSION = 3

_LOWER = re.compile(r"\b[a-z][\w-]*")


@dataclass(frozen=True, slots=True)
class Keyword:
    phrase: str
    score: float


def extract(text: str) -> tuple[Keyword, ...]:
    """The CANDIDATES best phrases of one article that may be keywords, best first."""
    if not text.strip():
        return ()
    from yake.data import DataCore  # here: yake takes ~0.15 s to import, and most runs never need it

    stop, banned = stopwords(), cited_sources(text)
    prepared = prepare(text)
    occurrences = Occurrences(prepared)
    features = list(SETTINGS["features"])
    config = {"windows_size": SETTINGS["window_size"], "n": SETTINGS["n"]}
    core = DataCore(text=prepared, stopword_set=stop, config=config)
    core.build_single_terms_features(features=features)
    core.build_mult_terms_features(features=features)
    lower = set(_LOWER.findall(text))  # words the text writes in lower case somewhere
    accepted = []  # (words, YAKE candidate, score)
    for cand in (c for c in core.candidates.values() if c.is_valid()):
        words = cand.kw.split()
        key = tuple(cand.unique_kw.split())
        proper = [w.lower() not in lower and any(t[i] in "na" for t in cand.tags) for i, w in enumerate(words)]
        if acceptable(words, proper, stop, banned) and not occurrences.cut_name(key):
            accepted.append((key, cand, cand.h * (LONE if len(key) == 1 and not proper[0] else 1.0)))
    kept = sorted((score, cand.kw) for cand, score in without_fragments(accepted))
    return tuple(Keyword(kw, float(score)) for score, kw in kept[:CANDIDATES])
