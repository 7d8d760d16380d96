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

A click group. Every command takes --format table|csv|json (but index) and the corpus options,
before or after its name (tui/cli/options.py; after wins when both are given). The commands
are in tui/cli/commands.py and tui/cli/analysis.py, their output in tui/cli/output.py.

Textual is imported only when the dashboard opens, and the corpus package only when a command
runs, so `kabar --help` and the headless commands start fast. The exit status is the app's
(click runs with standalone_mode=False): 0, 2 for usage and bad input (unknown id, bad query),
1 when the corpus cannot be read or on an unexpected error (KABAR_DEBUG=1 shows its traceback),
130 on Ctrl-C. Every error is one line on stderr, click's own usage errors too.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from corpus.visible import error_line
from tui.cli import opening
from tui.cli.analysis import ANALYSIS_COMMANDS
from tui.cli.commands import READING_COMMANDS
from tui.cli.errors import (
    EXIT_CORPUS,
    EXIT_INTERRUPTED,
    EXIT_OK,
    PROG,
    Failure,
    Interrupted,
    OutputClosed,
    say,
)
from tui.cli.options import Command, CorpusOptions, corpus_options
from tui.cli.over_time import OVER_TIME_COMMANDS


class KabarGroup(click.Group, Command):
    """Commands listed in the order added; Ctrl-C and a closed stdout while one runs are
    handed to main() rather than to click (which would print a blank line, or exit 1)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            raise Interrupted from exc
        except BrokenPipeError as exc:
            raise OutputClosed from exc


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("kabar")
    except PackageNotFoundError:  # run from a source tree that was never installed
        number = "(not installed)"
    print(f"{PROG} {number}")
    ctx.exit(EXIT_OK)


@click.group(
    cls=KabarGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]},
    help="Read a news corpus and compare its topics across time. Without a command, opens the "
    "dashboard. The corpus options go before or after the command; given in both places, the "
    "one after the command wins.",
)
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="show kabar's version and exit")
@click.option("--article", metavar="ID", help="dashboard: open this article")
@click.option("--filter", "filter_text", metavar="QUERY", help="dashboard: start with this filter")
@corpus_options
@click.pass_context
def kabar(ctx: click.Context, options: CorpusOptions, article: str | None, filter_text: str | None) -> int | None:
    ctx.obj = options  # what the command's corpus options fall back on
    if ctx.invoked_subcommand is None:
        return dashboard(options, article, filter_text)
    if article is not None or filter_text is not None:
        raise Failure(f"--article and --filter open the dashboard; '{ctx.invoked_subcommand}' takes neither")
    return None


for command in (*READING_COMMANDS, *OVER_TIME_COMMANDS, *ANALYSIS_COMMANDS):
    kabar.add_command(command)


# --- the dashboard ----------------------------------------------------------------------------


def open_dashboard(corpus_path: Path | None, article: str | None, filter_text: str | None,
                   **options: Any) -> int:
    from tui.app import run_app  # Textual loads here, and only here

    return run_app(corpus_path, article, filter_text, **options)


def dashboard(options: CorpusOptions, article: str | None, filter_text: str | None) -> int:
    """Check what can be checked up front (one line beats a failed screen), then open it."""
    path = options.expanded_path
    if path is not None and not path.exists():
        raise Failure(f"cannot open the corpus: no such file or folder: {path}", EXIT_CORPUS)
    if filter_text:
        from corpus.analysis.query import QueryError, parse
        from corpus.analysis.topics import TopicError, bundled_topics, load_topics

        try:
            topics = load_topics(options.topics)
        except TopicError:  # the dashboard says so, and uses the bundled topics
            topics = bundled_topics()
        try:
            parse(filter_text, topics)
        except QueryError as exc:
            raise Failure(f"bad filter {filter_text!r}: {exc}") from exc
    columns = dict(options.columns)
    if article is not None or columns:
        opened = opening.open_corpus(options)
        if article is not None:
            opening.article_row(opened.corpus, article)
    return open_dashboard(path, article, filter_text, periods=options.expanded_periods, columns=columns or None,
                          topics_file=options.topics)


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


def usage_line(exc: click.UsageError) -> str:
    """click's usage error as kabar says it: 'no such option …' (see 'kabar compare --help')."""
    message = exc.format_message().strip().rstrip(".")
    message = message[:1].lower() + message[1:]
    where = exc.ctx.command_path if exc.ctx is not None else PROG
    return f"{message} (see '{where} --help')"


def main(argv: list[str] | None = None) -> int:
    _tolerant_streams()
    try:
        code = kabar.main(args=argv, prog_name=PROG, standalone_mode=False)
    except click.UsageError as exc:
        say(usage_line(exc))
        return exc.exit_code
    except click.ClickException as exc:
        say(exc.format_message())
        return exc.exit_code
    except Failure as exc:
        say(exc.message)
        return exc.code
    except OutputClosed:
        _quiet_stdout()
        return EXIT_OK
    except (Interrupted, click.Abort):  # click.Abort: Ctrl-C while click read the arguments
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug: still one line, unless asked for the traceback
        if os.environ.get("KABAR_DEBUG"):
            raise
        say(f"internal error: {error_line(exc)} (set KABAR_DEBUG=1 for the traceback)")
        return EXIT_CORPUS
    return code if isinstance(code, int) else EXIT_OK
