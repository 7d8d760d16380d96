"""The `kabar` command: the dashboard, and headless commands for scripts and pipes.

    kabar [--corpus PATH] [--article ID] [--filter QUERY]     open the dashboard
    kabar articles [--corpus PATH] [--format table|csv|json]
    kabar keywords [ID] [--top N] [--corpus PATH] [--format …]
    kabar compare QUERY [--terms] [--corpus PATH] [--format …]

Textual is imported only when the dashboard opens, and the corpus package only when a command
runs, so `kabar --help` and the headless commands start fast. Errors are one line on stderr:
exit status 2 for usage and bad input (unknown id, bad query), 1 when the corpus cannot be read
(or on an unexpected error; KABAR_DEBUG=1 shows its traceback instead).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.safe import one_line

if TYPE_CHECKING:
    from corpus.model import Corpus

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


def _add_common(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: a --corpus given before the subcommand is not overwritten by this default.
    parser.add_argument(
        "--corpus", type=Path, metavar="PATH", default=argparse.SUPPRESS,
        help="corpus folder with a manifest.toml (default: the bundled corpus)",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="table",
        help="table for reading (default), csv or json for programs",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Read a news corpus and compare its topics across time. "
        "Without a command, opens the dashboard.",
    )
    parser.add_argument(
        "--corpus", type=Path, metavar="PATH", default=None,
        help="corpus folder with a manifest.toml (default: the bundled corpus)",
    )
    parser.add_argument("--article", metavar="ID", help="dashboard: open this article")
    parser.add_argument("--filter", metavar="QUERY", help="dashboard: start with this filter")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    articles = commands.add_parser("articles", help="list the articles")
    _add_common(articles)

    keywords = commands.add_parser("keywords", help="keywords of one article, or of every article")
    keywords.add_argument("id", nargs="?", metavar="ID", help="article id (default: every article)")
    keywords.add_argument(
        "--top", type=_positive_int, default=DEFAULT_TOP, metavar="N",
        help=f"keywords per article (default {DEFAULT_TOP})",
    )
    _add_common(keywords)

    compare = commands.add_parser(
        "compare", help="how often a query occurs in each period",
        description="Count a query per period. Query language: suriah | ukraina (alternatives, "
        "also ',' or spaces), teror* (any ending), \"presiden rusia\" (a phrase).",
    )
    compare.add_argument("query", nargs="*", metavar="QUERY", help="what to count")
    compare.add_argument(
        "--terms", action="store_true",
        help="csv/table: the terms behind the counts (one column per period) instead of periods",
    )
    _add_common(compare)
    return parser


# --- loading and writing ----------------------------------------------------------------------


def _say(line: str) -> None:
    print(f"{PROG}: {one_line(line)}", file=sys.stderr)


def _warn(line: str) -> None:
    _say(f"warning: {line}")


def _load(path: Path | None) -> Corpus:
    from corpus.load import CorpusError, load_corpus

    try:
        corpus = load_corpus(path.expanduser() if path is not None else None)
    except CorpusError as exc:
        raise Failure(f"cannot open the corpus: {exc}", EXIT_CORPUS) from exc
    except Exception as exc:  # a folder we may not list, a manifest value the loader chokes on
        if os.environ.get("KABAR_DEBUG"):
            raise
        raise Failure(f"cannot open the corpus: {_describe(exc)}", EXIT_CORPUS) from exc
    for problem in corpus.problems:
        _warn(problem)
    return corpus


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


def article_records(corpus: Corpus) -> list[dict]:
    from corpus.index import build_index

    tokens = build_index(corpus).docs["tokens"].to_list()
    records = []
    columns = corpus.articles.select("id", "title", "source", "published", "period")
    for i, (article_id, title, source, published, period) in enumerate(columns.iter_rows()):
        records.append(
            {
                "id": article_id,
                "title": title,
                "source": source,
                "published": published.isoformat() if published is not None else None,
                "period": corpus.periods[period].label if period is not None else None,
                "tokens": int(tokens[i]),
            }
        )
    return records


def cmd_articles(args: argparse.Namespace) -> int:
    from tui import output

    records = article_records(_load(args.corpus))
    if args.format == "json":
        _write(output.to_json(records))
    elif args.format == "csv":
        fields = ("id", "title", "source", "published", "period", "tokens")
        _write(output.to_csv(fields, [[r[f] for f in fields] for r in records]))
    else:
        _write(output.articles_table(records, width=_width()))
    return EXIT_OK


def keyword_records(corpus: Corpus, rows: list[int], top: int) -> list[dict]:
    from corpus.cache import keywords_for

    texts = corpus.articles["text"]
    ids = corpus.articles["id"]
    wanted = [texts[r] for r in rows]
    found: dict[int, list[dict]] = {}

    def keep(i: int, keywords) -> None:
        found[i] = [{"phrase": k.phrase, "score": k.score} for k in keywords[:top]]

    try:
        for item in keywords_for(wanted):
            if isinstance(item, str):
                _warn(item)
            else:
                keep(*item)
    except OSError as exc:  # the cache cannot be written: the keywords can still be shown
        from corpus.keywords import extract_many

        _warn(f"keywords not cached ({exc.__class__.__name__}: {exc})")
        for i, keywords in extract_many((i, t) for i, t in enumerate(wanted) if i not in found):
            keep(i, keywords)
    return [{"id": ids[r], "keywords": found.get(i, [])} for i, r in enumerate(rows)]


def cmd_keywords(args: argparse.Namespace) -> int:
    from tui import output

    corpus = _load(args.corpus)
    rows = [_row(corpus, args.id)] if args.id is not None else list(range(len(corpus)))
    records = keyword_records(corpus, rows, args.top)
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


def compare_record(corpus: Corpus, text: str) -> dict:
    from corpus.compare import compare
    from corpus.index import build_index
    from corpus.query import QueryError, parse

    try:
        query = parse(text)
    except QueryError as exc:
        raise Failure(f"bad query {text!r}: {exc}") from exc
    if query.is_empty:
        raise Failure(f"give a query to compare, as in: {PROG} compare 'suriah, ukraina'")
    result = compare(corpus, build_index(corpus), query)
    columns = [f"c{i}" for i in range(len(result.periods))]
    return {
        "query": result.query,
        "periods": [
            {
                "label": p.label,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "articles": p.articles,
                "tokens": p.tokens,
                "count": p.count,
                "docs": p.docs,
                "per_10k": round(p.per_10k, 2),
            }
            for p in result.periods
        ],
        "terms": [
            {"term": row[0], "counts": [int(c) for c in row[1:]]}
            for row in result.terms.select("term", *columns).iter_rows()
        ],
    }


def cmd_compare(args: argparse.Namespace) -> int:
    from tui import output

    text = " ".join(args.query)
    if not text.strip():
        raise Failure(f"give a query to compare, as in: {PROG} compare 'suriah, ukraina'")
    record = compare_record(_load(args.corpus), text)
    if args.format == "json":
        _write(output.to_json(record))
    elif args.format == "csv" and args.terms:
        labels = [p["label"] for p in record["periods"]]
        rows = [[t["term"], *t["counts"]] for t in record["terms"]]
        _write(output.to_csv(["term", *labels], rows))
    elif args.format == "csv":
        fields = ("label", "start", "end", "articles", "tokens", "count", "docs", "per_10k")
        _write(output.to_csv(fields, [[p[f] for f in fields] for p in record["periods"]]))
    else:
        _write(output.compare_table(record, width=_width(), terms_only=args.terms))
    return EXIT_OK


COMMANDS = {"articles": cmd_articles, "keywords": cmd_keywords, "compare": cmd_compare}


# --- the dashboard ----------------------------------------------------------------------------


def _open_dashboard(corpus_path: Path | None, article: str | None, filter_text: str | None) -> int:
    from tui.app import run_app  # Textual loads here, and only here

    return run_app(corpus_path, article, filter_text)


def cmd_dashboard(args: argparse.Namespace) -> int:
    path = args.corpus.expanduser() if args.corpus is not None else None
    if path is not None and not path.exists():
        raise Failure(f"cannot open the corpus: no such file or folder: {path}", EXIT_CORPUS)
    if args.filter:
        from corpus.query import QueryError, parse

        try:
            parse(args.filter)
        except QueryError as exc:
            raise Failure(f"bad filter {args.filter!r}: {exc}") from exc
    if args.article is not None:
        _row(_load(path), args.article)
    return _open_dashboard(path, args.article, args.filter)


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


if __name__ == "__main__":
    sys.exit(main())
