"""A period's label over a narrow column: whole, over more lines, never another label."""

from __future__ import annotations

from tui.headings import bottom, headings, height, width, wrap


def test_a_label_wraps_at_its_spaces_as_narrow_as_its_lines_allow():
    assert wrap("Nov 2024 – Feb 2025", 1) == "Nov 2024 – Feb 2025"
    assert wrap("Nov 2024 – Feb 2025", 2) == "Nov 2024 –\nFeb 2025"
    assert wrap("Mar – Aug 2019", 2) == "Mar –\nAug 2019"
    assert wrap("1–15 Sep 2019", 2) == "1–15 Sep\n2019"
    assert wrap("29 Apr – 5 May 2019", 3) == "29 Apr –\n5 May\n2019"  # a dash ends a line
    assert wrap("Nov 2016", 5) == "Nov\n2016"  # never more lines than words
    assert wrap("Nov 2024 – Feb 2025", 9) == "Nov\n2024 –\nFeb\n2025"
    assert wrap("2019", 2) == "2019"
    assert width("Nov 2024 –\nFeb 2025") == 10 and width("") == 0


def test_headings_wrap_only_as_far_as_the_table_needs():
    labels = ["Nov 2016", "Mar 2018", "Nov 2024 – Feb 2025"]

    def within(room):
        return lambda heads: sum(width(h) + 2 for h in heads) <= room

    assert headings(labels, within(100)) == labels
    # two lines for the long one; the short ones need not break for it
    assert headings(labels, within(36)) == ["Nov 2016", "Mar 2018", "Nov 2024 –\nFeb 2025"]
    assert headings(labels, within(26)) == ["Nov\n2016", "Mar\n2018", "Nov 2024 –\nFeb 2025"]
    # nothing fits: every word on its own line, still the whole label
    narrowest = headings(labels, within(3))
    assert [" ".join(h.split()) for h in narrowest] == labels
    assert height(narrowest) == 4  # "Nov", "2024 –", "Feb", "2025"


def test_a_short_heading_sits_on_the_last_line():
    assert bottom("term", 2) == "\nterm"
    assert bottom("Nov 2024 –\nFeb 2025", 2) == "Nov 2024 –\nFeb 2025"
    assert height(["a", "b\nc"]) == 2 and height([]) == 1
