"""The `kabar` command: the dashboard, and headless commands for scripts and pipes.

    kabar [--corpus PATH] [--article ID] [--filter QUERY]     open the dashboard
    kabar articles                                            list the articles
    kabar keywords [ID] [--top N]                             keywords per article
    kabar compare QUERY [--terms] [--stem]                    a query's count per period
    kabar topics                                              every topic per period
    kabar keyness PERIOD [--vs PERIOD] [--min N] [--top N]    terms distinctive of a period
    kabar kwic QUERY [--width N] [--sort S] [--limit N]       every occurrence in context
    kabar changes [--top N]                                   keyphrases new, gone, kept
    kabar index [--processes N]                               build the caches ahead of time

Every command takes --format table|csv|json (but index) and the corpus options, before or
after its name: --corpus PATH, --periods FILE|N|GRAIN, --text-col … --url-col NAME, --topics FILE.
The implementations of topics, keyness, kwic, changes and index are in
tui/cli/analysis.py.

Textual is imported only when the dashboard opens, and the corpus package only when a command
runs, so `kabar --help` and the headless commands start fast. Errors are one line on stderr:
exit status 2 for usage and bad input (unknown id, bad query), 1 when the corpus cannot be read
(or on an unexpected error; KABAR_DEBUG=1 shows its traceback instead).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from corpus.visible import one_line

if TYPE_CHECKING:
    from corpus.index.terms import TermIndex
    from corpus.keywords.extraction import Keyword
    from corpus.model import Corpus
    from corpus.index.store import Opened

PROG = "kabar"
FORMATS = ("table", "csv", "json")
DEFAULT_TOP = 10

EXIT_OK = 0
EXIT_CORPUS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class Failure(Exception):
    """A command cannot go on; the message is the one line shown after 'kabar: '."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is raised (and shown as one line) instead of exiting."""

    def error(self, message: str):  # type: ignore[override]
        raise _UsageError(f"{message} (see '{self.prog} --help')")


# --- arguments ------------------------------------------------------------------------------


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return value


# corpus.ingest.periods.GRAINS and MAX_PERIODS, said here too: arguments are parsed without importing
# the corpus package (a test checks that they agree).
GRAINS = ("week", "month", "quarter", "year")
MAX_PERIODS = 500


def _periods_arg(text: str) -> Path | int | str:
    """--periods: a whole number is how many periods to find, a grain's name (any case) a
    period per calendar unit, anything else a periods file."""
    if re.fullmatch(r"\s*[-+]?\d+\s*", text):
        count = _positive_int(text.strip())
        if count > MAX_PERIODS:
            raise argparse.ArgumentTypeError(f"at most {MAX_PERIODS} periods, not {count:,}")
        return count
    if text.strip().lower() in GRAINS:
        return text.strip().lower()
    if not text.strip():
        raise argparse.ArgumentTypeError("expected a periods file, a number of periods, or week, month, quarter or year")
    return Path(text)


# Role (corpus.ingest.tables.ROLES) of each --…-col option.
COLUMN_OPTIONS = {
    "text": "--text-col", "title": "--title-col", "date": "--date-col",
    "source": "--source-col", "id": "--id-col", "url": "--url-col",
}
# Options that say which corpus to open and how (flag -> dest): before or after the command.
CORPUS_DESTS = {
    "--corpus": "corpus",
    "--periods": "periods",
    **{flag: f"{role}_col" for role, flag in COLUMN_OPTIONS.items()},
    "--topics": "topics",
}


def _add_corpus_options(parser: argparse.ArgumentParser, default) -> None:
    """--corpus, --periods, --…-col and --topics. On a subcommand the default is SUPPRESS, so
    an option given before the subcommand is not overwritten by the subcommand's default."""
    group = parser.add_argument_group("corpus options (before or after the command)")
    group.add_argument(
        "--corpus", type=Path, metavar="PATH", default=default,
        help="corpus: a folder, a text file or a table file (.csv, .jsonl, .parquet …); "
        "default: the bundled corpus",
    )
    group.add_argument(
        "--periods", type=_periods_arg, metavar="FILE|N|GRAIN", default=default,
        help="periods to compare: a periods TOML file, a number of periods to find in the dates "
        f"(at most {MAX_PERIODS}), or week, month, quarter or year",
    )
    for role, flag in COLUMN_OPTIONS.items():
        group.add_argument(
            flag, dest=f"{role}_col", metavar="NAME", default=default,
            help=f"table corpora: the column holding the {role}",
        )
    group.add_argument(
        "--topics", type=Path, metavar="FILE", default=default,
        help="a topics.toml to use with the bundled topics (default: the one in your config folder)",
    )


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=FORMATS, default="table",
        help="table for reading (default), csv or json for programs",
    )


def _add_common(parser: argparse.ArgumentParser) -> None:
    _add_format(parser)
    _add_corpus_options(parser, argparse.SUPPRESS)


QUERY_HELP = (
    "Query language: suriah | ukraina (alternatives, also ',' or spaces), teror* (any ending), "
    "\"presiden rusia\" (a phrase), @suriah (a topic: see 'kabar topics')."
)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Read a news corpus and compare its topics across time. "
        "Without a command, opens the dashboard.",
    )
    _add_corpus_options(parser, None)
    parser.add_argument("--article", metavar="ID", help="dashboard: open this article")
    parser.add_argument("--filter", metavar="QUERY", help="dashboard: start with this filter")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    articles = commands.add_parser("articles", help="list the articles")
    _add_common(articles)

    keywords = commands.add_parser(
        "keywords", help="keywords of one article, or of every article",
        description="Keyphrases of each article, ranked against the whole corpus (lower score "
        "is better). The first run computes every article's; they are cached.",
    )
    keywords.add_argument("id", nargs="?", metavar="ID", help="article id (default: every article)")
    keywords.add_argument(
        "--top", type=_positive_int, default=DEFAULT_TOP, metavar="N",
        help=f"keywords per article (default and most: {DEFAULT_TOP})",
    )
    _add_common(keywords)

    compare = commands.add_parser(
        "compare", help="how often a query occurs in each period",
        description="Count a query per period. " + QUERY_HELP,
    )
    compare.add_argument("query", nargs="*", metavar="QUERY", help="what to count")
    compare.add_argument(
        "--terms", action="store_true",
        help="csv/table: the terms behind the counts (one column per period) instead of periods",
    )
    compare.add_argument(
        "--stem", action="store_true",
        help="count stems: serang finds menyerang, serangan … (needs the kabar[stem] extra)",
    )
    _add_common(compare)

    topics = commands.add_parser(
        "topics", help="every topic's count in each period",
        description="Count every topic (the bundled ones and yours, see --topics) per period: "
        "occurrences, articles holding the topic out of the period's, and rate per 10,000 tokens.",
    )
    _add_common(topics)

    keyness = commands.add_parser(
        "keyness", help="terms distinctive of one period",
        description="Terms used more in one period than in the rest of the corpus (or in the "
        "period given with --vs), by G² (log-likelihood: how sure) and log ratio (how much: "
        "+1 = twice as frequent). PERIOD: a label, a part of one that names one period "
        "('nov 2016', '2018'), or its number (1 = the first). See docs/statistics.md.",
    )
    keyness.add_argument("period", metavar="PERIOD", help="the target period")
    keyness.add_argument("--vs", metavar="PERIOD", help="compare with this period (default: all the others)")
    keyness.add_argument(
        "--min", type=_positive_int, default=3, metavar="N",
        help="only terms found at least N times in the target (default 3)",
    )
    keyness.add_argument(
        "--top", type=_positive_int, default=None, metavar="N",
        help="show the N most distinctive (default: 20 in a table, all in csv/json)",
    )
    _add_common(keyness)

    kwic = commands.add_parser(
        "kwic", help="every occurrence of a query, in context",
        description="Concordance: one line per occurrence that 'kabar compare' counts, with the "
        "text around it, grouped by period. " + QUERY_HELP,
    )
    kwic.add_argument("query", nargs="*", metavar="QUERY", help="what to find")
    kwic.add_argument(
        "--width", type=_positive_int, default=40, metavar="N",
        help="characters of context on each side (default 40; a table cuts to the terminal)",
    )
    kwic.add_argument(
        "--sort", choices=("position", "left", "right"), default="position",
        help="within a period: reading order (default), or by the word before/after the match",
    )
    kwic.add_argument("--limit", type=_positive_int, default=None, metavar="N", help="at most N lines")
    kwic.add_argument("--stem", action="store_true", help="match stems, as compare --stem")
    _add_common(kwic)

    changes = commands.add_parser(
        "changes", help="keyphrases new, vanished and kept, period by period",
        description="For each period, the articles' keyphrases compared with the period before: "
        "new (not there before), vanished (there before, not now), persistent (both). Lists are "
        "ordered by how many articles carry the phrase.",
    )
    changes.add_argument(
        "--top", type=_positive_int, default=None, metavar="N",
        help="phrases per list (default: 10 in a table, all in csv/json)",
    )
    _add_common(changes)

    index = commands.add_parser(
        "index", help="build the index and keyword caches now",
        description="Open the corpus and compute what the dashboard and commands cache (the "
        "index, every article's keywords), so that later runs start at once.",
    )
    index.add_argument(
        "--processes", type=_positive_int, default=None, metavar="N",
        help="worker processes for keywords (default: one per core, at most 8)",
    )
    _add_corpus_options(index, argparse.SUPPRESS)
    return parser


# --- loading and writing ----------------------------------------------------------------------


def _say(line: str) -> None:
    print(f"{PROG}: {one_line(line)}", file=sys.stderr)


def _warn(line: str) -> None:
    _say(f"warning: {line}")


def _columns(args: argparse.Namespace) -> dict[str, str] | None:
    found = {role: getattr(args, f"{role}_col") for role in COLUMN_OPTIONS}
    return {role: name for role, name in found.items() if name is not None} or None


def open_args(args: argparse.Namespace) -> Opened:
    """The corpus and index the options name (corpus.index.store.open_corpus); its problems and the
    cache's notices are warnings. Failure (exit 1) when the corpus cannot be opened."""
    from corpus.ingest.load import CorpusError
    from corpus.index.store import open_corpus

    path = args.corpus.expanduser() if args.corpus is not None else None
    columns = _columns(args)
    if columns and path is None:  # the bundled corpus is a folder: say so, as for any folder
        flag = COLUMN_OPTIONS[next(iter(columns))]
        raise Failure(f"cannot open the corpus: {flag} applies to table files given with --corpus", EXIT_CORPUS)
    periods = args.periods.expanduser() if isinstance(args.periods, Path) else args.periods
    try:
        opened = open_corpus(path, periods=periods, columns=columns)
    except CorpusError as exc:
        raise Failure(f"cannot open the corpus: {exc}", EXIT_CORPUS) from exc
    except Exception as exc:  # a folder we may not list, a manifest value the loader chokes on
        if os.environ.get("KABAR_DEBUG"):
            raise
        raise Failure(f"cannot open the corpus: {_describe(exc)}", EXIT_CORPUS) from exc
    for problem in opened.corpus.problems:
        _warn(problem)
    for notice in opened.notices:
        _warn(notice)
    return opened


def _describe(exc: BaseException) -> str:
    """An exception as one short line: its type and the first line of its message."""
    lines = str(exc).strip().splitlines()
    return f"{exc.__class__.__name__}: {lines[0]}" if lines else exc.__class__.__name__


def _row(corpus: Corpus, article_id: str) -> int:
    row = corpus.row_of(article_id)
    if row is None:
        raise Failure(f"unknown article id '{article_id}' (see '{PROG} articles')")
    return row


def _width() -> int:
    """80 columns, or the terminal's width when writing to one."""
    try:
        if sys.stdout.isatty():
            return max(40, shutil.get_terminal_size((80, 24)).columns)
    except (AttributeError, ValueError, OSError):
        pass
    return 80


def _write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


# --- commands ---------------------------------------------------------------------------------


def article_records(corpus: Corpus, index: TermIndex) -> list[dict]:
    tokens = index.docs["tokens"].to_list()
    records = []
    columns = corpus.articles.select("id", "title", "source", "published", "date_basis", "period")
    for i, (article_id, title, source, published, basis, period) in enumerate(columns.iter_rows()):
        records.append(
            {
                "id": article_id,
                "title": title,
                "source": source,
                "published": published.isoformat() if published is not None else None,
                "date_basis": basis,
                "period": corpus.periods[period].label if period is not None else None,
                "tokens": int(tokens[i]),
            }
        )
    return records


def cmd_articles(args: argparse.Namespace) -> int:
    from tui.cli import output

    opened = open_args(args)
    records = article_records(opened.corpus, opened.index)
    if args.format == "json":
        _write(output.to_json(records))
    elif args.format == "csv":
        fields = ("id", "title", "source", "published", "date_basis", "period", "tokens")
        _write(output.to_csv(fields, [[r[f] for f in fields] for r in records]))
    else:
        _write(output.articles_table(records, width=_width()))
    return EXIT_OK


def corpus_keywords(opened: Opened) -> list[tuple[Keyword, ...]]:
    """The final keywords of every article (candidates cached; ranked with the index's counts)."""
    from corpus.keywords.extraction import keywords_for_corpus

    return keywords_for_corpus(opened.corpus.articles["text"].to_list(), opened.index, notify=_warn)


def keyword_records(opened: Opened, rows: list[int] | None, top: int) -> list[dict]:
    """Keywords of the articles at `rows`, or of every article when None. For a few rows, YAKE
    runs on those articles only (corpus.keywords.extraction.article_keywords)."""
    from corpus.keywords.extraction import article_keywords

    corpus = opened.corpus
    if rows is None:
        rows, keywords = list(range(len(corpus))), corpus_keywords(opened)
    else:
        texts = corpus.articles["text"]
        keywords = {r: article_keywords(texts[r], opened.index, notify=_warn) for r in rows}
    ids = corpus.articles["id"]
    return [
        {"id": ids[r], "keywords": [{"phrase": k.phrase, "score": k.score} for k in keywords[r][:top]]}
        for r in rows
    ]


def cmd_keywords(args: argparse.Namespace) -> int:
    from tui.cli import output

    opened = open_args(args)
    corpus = opened.corpus
    records = keyword_records(opened, [_row(corpus, args.id)] if args.id is not None else None, args.top)
    if args.format == "json":
        _write(output.to_json(records[0] if args.id is not None else records))
    elif args.format == "csv":
        _write(
            output.to_csv(
                ("id", "rank", "phrase", "score"),
                [
                    (r["id"], rank, k["phrase"], k["score"])
                    for r in records
                    for rank, k in enumerate(r["keywords"], 1)
                ],
            )
        )
    else:
        titles = dict(zip(corpus.articles["id"].to_list(), corpus.articles["title"].to_list()))
        _write(output.keywords_table(records, titles, width=_width()))
    return EXIT_OK


def _analysis(name: str):
    """A command implemented in tui/cli/analysis.py, imported when it runs."""

    def run(args: argparse.Namespace) -> int:
        from tui.cli import analysis as commands_analysis

        return getattr(commands_analysis, name)(args)

    return run


COMMANDS = {
    "articles": cmd_articles,
    "keywords": cmd_keywords,
    "compare": _analysis("cmd_compare"),
    "topics": _analysis("cmd_topics"),
    "keyness": _analysis("cmd_keyness"),
    "kwic": _analysis("cmd_kwic"),
    "changes": _analysis("cmd_changes"),
    "index": _analysis("cmd_index"),
}


# --- the dashboard ----------------------------------------------------------------------------


def _open_dashboard(corpus_path: Path | None, article: str | None, filter_text: str | None,
                    **options) -> int:
    from tui.app import run_app  # Textual loads here, and only here

    return run_app(corpus_path, article, filter_text, **options)


def cmd_dashboard(args: argparse.Namespace) -> int:
    path = args.corpus.expanduser() if args.corpus is not None else None
    if path is not None and not path.exists():
        raise Failure(f"cannot open the corpus: no such file or folder: {path}", EXIT_CORPUS)
    if args.filter:
        from corpus.analysis.query import QueryError, parse
        from corpus.analysis.topics import TopicError, bundled_topics, load_topics

        try:
            topics = load_topics(args.topics)
        except TopicError:  # the dashboard says so, and uses the bundled topics
            topics = bundled_topics()
        try:
            parse(args.filter, topics)
        except QueryError as exc:
            raise Failure(f"bad filter {args.filter!r}: {exc}") from exc
    columns = _columns(args)
    if args.article is not None or columns:  # check up front: one line beats a failed screen
        opened = open_args(args)
        if args.article is not None:
            _row(opened.corpus, args.article)
    periods = args.periods.expanduser() if isinstance(args.periods, Path) else args.periods
    return _open_dashboard(path, args.article, args.filter, periods=periods, columns=columns or None,
                           topics_file=args.topics)


# --- entry point ------------------------------------------------------------------------------


def _tolerant_streams() -> None:
    """A terminal that cannot show a character gets '?' rather than a traceback."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass


def _quiet_stdout() -> None:
    """After a broken pipe: send what is still buffered nowhere, so exit prints nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, ValueError, OSError):
        pass


def main(argv: list[str] | None = None) -> int:
    _tolerant_streams()
    try:
        args = build_parser().parse_args(argv)
    except _UsageError as exc:
        _say(str(exc))
        return EXIT_USAGE
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    try:
        if args.command is None:
            return cmd_dashboard(args)
        if args.article is not None or args.filter is not None:
            raise Failure(
                f"--article and --filter open the dashboard; '{args.command}' takes neither"
            )
        return COMMANDS[args.command](args)
    except Failure as exc:
        _say(exc.message)
        return exc.code
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug: still one line, unless asked for the traceback
        if os.environ.get("KABAR_DEBUG"):
            raise
        _say(f"internal error: {_describe(exc)} (set KABAR_DEBUG=1 for the traceback)")
        return EXIT_CORPUS
