"""Full screens pushed over the dashboard: keyness (keyness.py), concordance (concordance.py),
what changed (changes.py), with the export dialog (export_dialog.py) and help (help.py).

Each has `export_table() -> (name, frame) | None`, the table as shown; exporting.py holds
`export_screen` and `copy_screen`, what the app's `e` and `y` keys call with the active screen.
The names below are re-exported for convenience.
"""

from __future__ import annotations

from tui.screens.changes import ChangesScreen
from tui.screens.concordance import ConcordanceScreen
from tui.screens.exporting import Exportable, copy_screen, export_screen
from tui.screens.keyness import KeynessScreen
from tui.widgets.kwic_view import Jump

__all__ = ["ChangesScreen", "ConcordanceScreen", "Exportable", "Jump", "KeynessScreen", "copy_screen",
           "export_screen"]
