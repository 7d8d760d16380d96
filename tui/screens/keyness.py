"""Keyness: the terms most distinctive of one period, against the rest of the corpus or one period.

The ranking is corpus.analysis.keyness: both ends, the terms more frequent in the target (positive
keywords) then those less frequent (negative), each by G², then log ratio. `d` shows both, more
only or less only. Both by default, as AntConc lists them: the top of the list is still the
period's own keywords, and what it lacks (a name the other periods keep using) is news too. Each
row's G² is read against chi-square with 1 d.f.: stars for p < .05, .01, .001, .0001; `b`
corrects them for the number of terms tested (Bonferroni), and the header states both. A bar
shows |log ratio|: right of the axis for more, left for less, beside the signed number.

Enter shows the term under the cursor in context (the concordance); a line picked there dismisses
this screen too, with its Jump. The header states both sides with their token totals, the minimum
count and how to read the numbers; rows resting on little evidence (under CAUTION_COUNT
occurrences, or all in one article, on the side where the term is more frequent) carry a † explained there.

The table is measured to its screen (`fit`), again on every resize: each number's column as wide
as its widest number, never cut; where that is too wide, the headings over two lines, then the bars
narrower, then no bars, then no rank, and only then the terms cut with "…".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Static

from corpus.analysis.keyness import LEVELS, MIN_COUNT, Keyness, critical_value, keyness, stars
from corpus.analysis.query import Alternative, Query
from corpus.index.terms import TermIndex
from corpus.model import Corpus
from corpus.visible import one_line
from tui.cli.output import cell_width, cut
from tui.screens.concordance import ConcordanceScreen, Jump
from tui.screens.export_dialog import slug
from tui.screens.guarded import GuardedScreen
from tui.screens.keyness_layout import COLUMNS, TRACK, Fit, fit, ratio_bar
from tui.widgets.key_table import KeyTable
from tui.widgets.title_bar import TitleBar
from tui.workers import ReportsFailures, background

CAUTION_COUNT = 5  # fewer occurrences than this in the target: read with care
CAUTION = "†"
MAX_ROWS = 2_000  # rows drawn; export writes every term
MAX_MIN_COUNT = 1_000
DIRECTIONS = ("both", "more", "less")  # what `d` cycles through
Request = tuple[int, int | None, int]  # target, reference, min_count

@dataclass
class KeynessReady(Message):
    request: Request
    result: Keyness
    rows: pl.DataFrame  # result.terms with target_docs, reference_docs and caution


class RankingTable(KeyTable):
    """The ranking's table, saying when its size changed: the screen measures its columns again."""

    class Resized(Message):
        pass

    def on_resize(self) -> None:
        self.post_message(self.Resized())


class KeynessScreen(ReportsFailures, GuardedScreen[Jump | None]):
    TITLE = "Keyness"
    BINDINGS = [
        # Previous before next: so the footer lists them while the table has the focus, and lists
        # them in this order when it draws before the table takes it (a snapshot under load did).
        Binding("left,left_square_bracket", "target(-1)", "Previous period", id="keyness.previous_period",
                priority=True),
        Binding("right,right_square_bracket", "target(1)", "Next period", id="keyness.next_period", priority=True),
        Binding("enter", "concordance", "Term in context", id="keyness.concordance", priority=True),
        Binding("r", "reference", "Reference", id="keyness.reference"),
        Binding("plus,equals_sign", "min_count(1)", "Min count +1", id="keyness.more"),
        Binding("minus", "min_count(-1)", "Min count −1", id="keyness.fewer"),
        Binding("d", "direction", "More / less / both", id="keyness.direction"),
        Binding("b", "bonferroni", "Bonferroni", id="keyness.bonferroni"),
        Binding("escape", "back", "Back", id="keyness.back"),
    ]
    COMPONENT_CLASSES = {"keyness--caution", "keyness--dim", "keyness--label"}

    def __init__(self, corpus: Corpus, index: TermIndex, target: int = 0) -> None:
        super().__init__()
        self.corpus = corpus
        self.index = index
        n = len(corpus.periods)
        self.target = min(max(target, 0), max(n - 1, 0))
        self.reference: int | None = None  # None: every other period
        self.min_count = MIN_COUNT
        self.direction = "both"  # which end to show: both, more, less
        self.bonferroni = False  # stars corrected for the terms tested
        self.result: Keyness | None = None
        self.rows: pl.DataFrame | None = None
        self.fitted: tuple[int, Fit] | None = None  # the room the table was last measured to, and how

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text("Computing…"), id="keyness-head")
        yield RankingTable(id="keyness-table", cursor_type="row", zebra_stripes=True)
        yield Static(Text(""), id="keyness-note")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self._columns({})
        table.focus()
        if len(self.corpus.periods) < 2:
            self._note("Keyness compares periods: this corpus has fewer than two.")
            self.query_one("#keyness-head", Static).update(Text("Keyness needs at least two periods."))
            return
        self.refresh_ranking()

    # -- computing ---------------------------------------------------------------------------
    @property
    def request(self) -> Request:
        return (self.target, self.reference, self.min_count)

    def refresh_ranking(self) -> None:
        self.sub_title = self._describe()
        self.query_one(DataTable).loading = True
        self.compute(self.request)

    @background("Ranking keyness", group="keyness")
    def compute(self, request: Request) -> None:
        target, reference, min_count = request
        result = keyness(self.corpus, self.index, target, reference, min_count)
        postings = self.index.postings
        n = len(self.corpus.periods)
        others = [reference] if reference is not None else [i for i in range(n) if i != target]
        period = pl.col("period")
        docs = (
            postings.filter(period.is_in([target, *others]))
            .group_by("term_id")
            .agg(target_docs=(period == target).sum().cast(pl.Int64),
                 reference_docs=(period != target).sum().cast(pl.Int64))
            .join(self.index.vocab.select("term_id", "term"), on="term_id")
            .select("term", "target_docs", "reference_docs")
        )
        more = pl.col("direction") == "more"
        rows = result.terms.join(docs, on="term", how="left", maintain_order="left").with_columns(
            pl.col("target_docs").fill_null(0), pl.col("reference_docs").fill_null(0),
        ).with_columns(
            # weak evidence on the side where the term is more frequent
            caution=pl.when(more)
            .then((pl.col("target_count") < CAUTION_COUNT) | (pl.col("target_docs") <= 1))
            .otherwise((pl.col("reference_count") < CAUTION_COUNT) | (pl.col("reference_docs") <= 1)),
        )
        self.post_message(KeynessReady(request, result, rows))

    @on(KeynessReady)
    def _ready(self, message: KeynessReady) -> None:
        if message.request != self.request:
            return  # the user moved on: a stale ranking is never shown
        self.result, self.rows = message.result, message.rows
        self.query_one(DataTable).loading = False
        self._redraw()

    def _redraw(self) -> None:
        if self.result is None or self.rows is None:
            return
        self._show_head(self.result, self.rows)
        self._fill(self.shown)

    @property
    def tests(self) -> int:
        """The m of the stars' correction: the terms tested with `b`, else 1."""
        return max(self.result.tested, 1) if self.bonferroni and self.result is not None else 1

    @property
    def shown(self) -> pl.DataFrame:
        """The rows of the direction shown."""
        assert self.rows is not None
        if self.direction == "both":
            return self.rows
        return self.rows.filter(pl.col("direction") == self.direction)

    # -- drawing -----------------------------------------------------------------------------
    def _describe(self) -> str:
        periods = self.corpus.periods
        if not periods:
            return ""
        ref = "rest of the corpus" if self.reference is None else periods[self.reference].label
        return one_line(f"{periods[self.target].label} vs {ref}")

    def _reference_articles(self) -> int:
        if self.reference is not None:
            return self.index.period_articles[self.reference]
        return sum(n for i, n in enumerate(self.index.period_articles) if i != self.target)

    def _show_head(self, result: Keyness, rows: pl.DataFrame) -> None:
        dim = self.get_component_rich_style("keyness--dim")
        label = self.get_component_rich_style("keyness--label")
        caution = self.get_component_rich_style("keyness--caution")
        articles = self.index.period_articles[self.target]
        ref_articles = self._reference_articles()
        head = Text("   ")
        head.append(one_line(result.target), style=label)
        head.append(f" · {result.target_tokens:,} tokens, {articles:,} article{'s' if articles != 1 else ''}")
        head.append("\nvs ", style=dim)
        head.append(one_line(result.reference), style=label)
        head.append(f" · {result.reference_tokens:,} tokens, {ref_articles:,} "
                    f"article{'s' if ref_articles != 1 else ''}")
        more = int((rows["direction"] == "more").sum())
        less = rows.height - more
        same = result.tested - rows.height
        head.append(f"\nmin count {result.min_count} · {result.tested:,} term{'s' if result.tested != 1 else ''} "
                    f"tested: {more:,} more frequent in {one_line(result.target)} (+), {less:,} less (−), "
                    f"{same:,} no different (not listed) · showing ")
        head.append({"both": "both", "more": "more only", "less": "less only"}[self.direction], style=label)
        head.append(" (d)", style=dim)
        values = " ".join(f"{'*' * (i + 1)}≥{critical_value(alpha, self.tests):.2f}" for i, alpha in enumerate(LEVELS))
        if self.bonferroni:
            head.append(f"\nBonferroni for {result.tested:,} terms (b): p<.05 needs G² ≥ "
                        f"{critical_value(0.05, self.tests):.2f}", style=label)
            head.append(f" · stars {values}", style=dim)
        else:
            head.append(f"\nG² stars (chi-square, 1 d.f.): * p<.05 (≥3.84) ** p<.01 (≥6.63) *** p<.001 (≥10.83) "
                        f"**** p<.0001 (≥15.14) · b: Bonferroni for {result.tested:,} terms", style=dim)
        head.append("\nlog ratio: how much (+1 = 2×, −1 = half), bar right of │ more, left less · ",
                    style=dim)
        head.append(CAUTION, style=caution)
        head.append(f" under {CAUTION_COUNT} times or in one article: weak evidence", style=dim)
        self.query_one("#keyness-head", Static).update(head)

    def _note(self, text: str) -> None:
        note = self.query_one("#keyness-note", Static)
        note.update(Text(text, style=self.get_component_rich_style("keyness--dim")))
        note.display = bool(text)

    @property
    def room(self) -> int:
        """Columns the table's cells have: its width less a vertical scrollbar, always allowed for."""
        table = self.query_one(DataTable)
        return max(table.size.width - table.styles.scrollbar_size_vertical, 0)

    def _columns(self, widths: Mapping[str, int]) -> Fit:
        """The table emptied, its columns measured to its room and `widths` (fit) and added again:
        a DataTable's columns only grow while they stay."""
        table = self.query_one(DataTable)
        room = self.room
        layout = fit(widths, room, table.cell_padding)
        table.clear(columns=True)
        table.header_height = layout.lines
        for key, label in layout.headings():
            table.add_column(Text(label), key=key)
        self.fitted = (room, layout)
        return layout

    @on(RankingTable.Resized)
    def _refit(self) -> None:
        """Measured again when the room changed, the cursor kept on its row."""
        if not self.is_attached or (self.fitted is not None and self.fitted[0] == self.room):
            return
        table = self.query_one(DataTable)
        if self.rows is None:
            self._columns({})
            return
        row = table.cursor_row
        self._fill(self.shown)
        table.move_cursor(row=row, animate=False)

    def _fill(self, rows: pl.DataFrame) -> None:
        table = self.query_one(DataTable)
        caution = self.get_component_rich_style("keyness--caution", partial=True)  # zebra rows keep their background
        articles = self.index.period_articles[self.target]
        top = rows["log_ratio"].abs().max() if not rows.is_empty() else 0.0
        peak = float(top) if isinstance(top, (int, float)) else 0.0
        drawn = rows.head(MAX_ROWS)
        texts = [
            {
                "rank": f"{rank:,}",
                "term": one_line(row["term"]),
                "target": f"{row['target_count']:,}",
                "reference": f"{row['reference_count']:,}",
                "docs": f"{row['target_docs']:,}/{articles:,}",
                "g2": f"{row['g2']:.2f}",
                "p": stars(row["g2"], self.tests),
                "log_ratio": f"{row['log_ratio']:+.2f}".replace("-", "−"),
            }
            for rank, row in enumerate(drawn.iter_rows(named=True), 1)
        ]
        marks = drawn["caution"].to_list()
        mark = cell_width(f" {CAUTION}")
        widths = {key: max((cell_width(text[key]) for text in texts), default=0) for key, _, _ in COLUMNS}
        widths["term"] = max((cell_width(text["term"]) + (mark if marked else 0)
                              for text, marked in zip(texts, marks, strict=True)), default=0)
        layout = self._columns(widths)
        keys = [key for key, _ in layout.headings()]
        cells = []
        for text, marked, log_ratio in zip(texts, marks, drawn["log_ratio"], strict=True):
            term = Text(cut(text["term"], layout.term - (mark if marked else 0)))
            if marked:
                term.append(f" {CAUTION}", style=caution)
            row_cells = {key: Text(value, justify="left" if key == "p" else "right") for key, value in text.items()}
            row_cells["term"] = term
            if layout.half:
                row_cells["bar"] = self._bar(ratio_bar(log_ratio, peak, layout.half))
            cells.append(tuple(row_cells[key] for key in keys))
        table.add_rows(cells)
        if rows.is_empty():
            way = {"both": "more or less often", "more": "more often", "less": "less often"}[self.direction]
            self._note(f"No term occurs at least {self.min_count} times and {way} here than in the "
                       "reference. Press - to lower the minimum count" + (", d to show both ends." if
                                                                           self.direction != "both" else "."))
        elif rows.height > MAX_ROWS:
            self._note(f"showing {MAX_ROWS:,} of {rows.height:,} terms (e exports them all)")
        else:
            self._note("")

    def _bar(self, bar: str) -> Text:
        """The bar with its track dim, so that the blocks and the axis stand out."""
        dim = self.get_component_rich_style("keyness--dim", partial=True)
        out = Text()
        for char in bar:
            out.append(char, style=dim if char == TRACK else "")
        return out

    # -- export ------------------------------------------------------------------------------
    def export_table(self) -> tuple[str, pl.DataFrame] | None:
        """The ranking with both sides' counts, token totals and article counts as columns."""
        if self.result is None or self.rows is None:
            return None
        result, rows = self.result, self.shown
        tests = self.tests
        marks = pl.Series("stars", [stars(g2, tests) for g2 in rows["g2"]], dtype=pl.String)
        frame = rows.with_columns(marks).with_row_index("rank", offset=1).select(
            pl.col("rank").cast(pl.Int64),
            "term",
            "direction",
            pl.lit(result.target).alias("target"),
            "target_count",
            pl.lit(result.target_tokens, pl.Int64).alias("target_tokens"),
            pl.col("target_docs").alias("target_articles_with_term"),
            pl.lit(self.index.period_articles[self.target], pl.Int64).alias("target_articles"),
            pl.lit(result.reference).alias("reference"),
            "reference_count",
            pl.lit(result.reference_tokens, pl.Int64).alias("reference_tokens"),
            pl.col("reference_docs").alias("reference_articles_with_term"),
            pl.lit(self._reference_articles(), pl.Int64).alias("reference_articles"),
            "g2",
            "stars",
            pl.lit(result.tested, pl.Int64).alias("terms_tested"),
            pl.lit(self.bonferroni).alias("bonferroni"),
            "log_ratio",
            "caution",
            pl.lit(result.min_count, pl.Int64).alias("min_count"),
        )
        return f"keyness-{slug(result.target, 20)}-vs-{slug(result.reference, 20)}", frame

    # -- actions -----------------------------------------------------------------------------
    def action_target(self, step: int) -> None:
        n = len(self.corpus.periods)
        if n < 2:
            return
        self.target = (self.target + step) % n
        if self.reference == self.target:
            self.reference = None
        self.refresh_ranking()

    def action_reference(self) -> None:
        n = len(self.corpus.periods)
        if n < 2:
            return
        choices: list[int | None] = [None, *(i for i in range(n) if i != self.target)]
        self.reference = choices[(choices.index(self.reference) + 1) % len(choices)]
        self.refresh_ranking()

    def action_min_count(self, step: int) -> None:
        value = min(max(self.min_count + step, 1), MAX_MIN_COUNT)
        if value != self.min_count and len(self.corpus.periods) >= 2:
            self.min_count = value
            self.refresh_ranking()

    def action_direction(self) -> None:
        """Both ends, more frequent only, less frequent only (no recomputing)."""
        self.direction = DIRECTIONS[(DIRECTIONS.index(self.direction) + 1) % len(DIRECTIONS)]
        self.query_one(DataTable).move_cursor(row=0)
        self._redraw()

    def action_bonferroni(self) -> None:
        self.bonferroni = not self.bonferroni
        self._redraw()

    def action_concordance(self) -> None:
        """Every occurrence of the term under the cursor; a line picked there opens the reader."""
        table = self.query_one(DataTable)
        if self.rows is None or not 0 <= table.cursor_row < min(self.shown.height, MAX_ROWS):
            return
        term = self.shown["term"][table.cursor_row]
        query = Query(term, (Alternative((term,)),))  # a token, never parsed as a query
        self.app.push_screen(ConcordanceScreen(self.corpus, self.index, query), self._jumped)

    def _jumped(self, jump: Jump | None) -> None:
        if jump is not None:
            self.dismiss(jump)

    @on(DataTable.RowSelected, "#keyness-table")
    def _clicked(self) -> None:
        self.action_concordance()

    def action_back(self) -> None:
        self.dismiss(None)
