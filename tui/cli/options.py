"""The options `kabar` commands share, declared once: the corpus options and --format.

The corpus options (--corpus, --periods, --text-col … --url-col, --topics) are taken before
the command (by the group) and after it (by the command); when an option is given in both
places, the one after the command wins, as the closer one. @corpus_options hands the command
one CorpusOptions with both merged. --format is the command's only (`index` has none).

--format is the one place where a command's records meet the formats (tui.cli.output.emit).
Nothing here imports the corpus package, so that `kabar --help` starts fast.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from tui.cli.errors import EXIT_OK
from tui.cli.output import FORMATS, emit

F = TypeVar("F", bound=Callable[..., Any])

# corpus.ingest.periods.GRAINS and MAX_PERIODS, said here too: arguments are parsed without importing
# the corpus package (a test checks that they agree).
GRAINS = ("week", "month", "quarter", "year")
MAX_PERIODS = 500

# Role (corpus.ingest.tables.ROLES) of each --…-col option.
COLUMN_OPTIONS = {
    "text": "--text-col", "title": "--title-col", "date": "--date-col",
    "source": "--source-col", "id": "--id-col", "url": "--url-col",
}


def _whole_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise ValueError(f"expected a whole number of at least 1, not {text!r}")
    return value


class WholeNumber(click.ParamType):
    """A whole number of at least 1 (--top, --min, --width, --limit, --processes)."""

    name = "N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return _whole_number(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class PeriodsChoice(click.ParamType):
    """--periods: a whole number is how many periods to find, a grain's name (any case) a
    period per calendar unit, anything else a periods file."""

    name = "FILE|N|GRAIN"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path | int | str:
        if not isinstance(value, str):
            return value
        text = value.strip()
        if re.fullmatch(r"[-+]?\d+", text):
            try:
                count = _whole_number(text)
            except ValueError as exc:
                self.fail(str(exc), param, ctx)
            if count > MAX_PERIODS:
                self.fail(f"at most {MAX_PERIODS} periods, not {count:,}", param, ctx)
            return count
        if text.lower() in GRAINS:
            return text.lower()
        if not text:
            self.fail("expected a periods file, a number of periods, or week, month, quarter or year", param, ctx)
        return Path(value)


class LocalPath(click.ParamType):
    """A path as given, not looked at yet (the corpus package says what is wrong with it)."""

    name = "PATH"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        return value if isinstance(value, Path) else Path(value)


class Command(click.Command):
    """A click command whose usage errors always know their command (click's parser leaves
    some without), so that the message can say which --help to read."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            if exc.ctx is None:
                exc.ctx = ctx
            raise


@dataclass(frozen=True)
class CorpusOptions:
    """Which corpus to open and how; None where the option was not given."""

    path: Path | None = None
    periods: Path | int | str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)  # role -> column name
    topics: Path | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> CorpusOptions:
        columns = {role: params[f"{role}_col"] for role in COLUMN_OPTIONS if params[f"{role}_col"] is not None}
        return cls(params["corpus"], params["periods"], columns, params["topics"])

    def over(self, before: CorpusOptions) -> CorpusOptions:
        """These options (given after the command) over those given before it."""
        return CorpusOptions(
            self.path if self.path is not None else before.path,
            self.periods if self.periods is not None else before.periods,
            {**before.columns, **self.columns},
            self.topics if self.topics is not None else before.topics,
        )

    @property
    def expanded_path(self) -> Path | None:
        return self.path.expanduser() if self.path is not None else None

    @property
    def expanded_periods(self) -> Path | int | str | None:
        return self.periods.expanduser() if isinstance(self.periods, Path) else self.periods

    @property
    def expanded_topics(self) -> Path | None:
        return self.topics.expanduser() if self.topics is not None else None


CORPUS_PARAMS = ("corpus", "periods", *(f"{role}_col" for role in COLUMN_OPTIONS), "topics")


def _corpus_option_decorators() -> list[Callable[[F], F]]:
    return [
        click.option(
            "--corpus", type=LocalPath(), metavar="PATH",
            help="corpus: a folder, a text file or a table file (.csv, .jsonl, .parquet …); "
            "default: the bundled corpus",
        ),
        click.option(
            "--periods", type=PeriodsChoice(), metavar="FILE|N|GRAIN",
            help="periods to compare: a periods TOML file, a number of periods to find in the dates "
            f"(at most {MAX_PERIODS}), or week, month, quarter or year",
        ),
        *(
            click.option(flag, f"{role}_col", metavar="NAME", help=f"table corpora: the column holding the {role}")
            for role, flag in COLUMN_OPTIONS.items()
        ),
        click.option(
            "--topics", type=LocalPath(), metavar="FILE",
            help="a topics.toml to use with the bundled topics (default: the one in your config folder)",
        ),
    ]


def corpus_options(func: F) -> F:
    """Declare the corpus options on the group or a command; its callback gets them as one
    CorpusOptions, `options`: those given here over those given before the command."""

    @functools.wraps(func)
    def with_options(*args: Any, **params: Any) -> Any:
        given = CorpusOptions.from_params({name: params.pop(name) for name in CORPUS_PARAMS})
        before = click.get_current_context().find_object(CorpusOptions)
        return func(*args, options=given.over(before) if before is not None else given, **params)

    wrapped: Any = with_options
    for option in reversed(_corpus_option_decorators()):
        wrapped = option(wrapped)
    return cast(F, wrapped)


def format_option(func: F) -> F:
    """--format table|csv|json on a command that returns output.Records: they are printed in
    that format, and the command's exit status is 0."""

    @functools.wraps(func)
    def printed(*args: Any, fmt: str, **params: Any) -> int:
        emit(func(*args, **params), fmt)
        return EXIT_OK

    option = click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table",
        help="table for reading (default), csv or json for programs",
    )
    return cast(F, option(printed))


def whole_number_option(*decls: str, default: int | None, help: str) -> Callable[[F], F]:
    """An option taking a whole number of at least 1."""
    return click.option(*decls, type=WholeNumber(), default=default, metavar="N", help=help)
