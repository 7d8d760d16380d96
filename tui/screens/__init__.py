"""Full screens pushed over the dashboard: keyness (keyness.py), concordance (concordance.py),
what changed (changes.py), with the export dialog (export_dialog.py) and help (help.py).

Each has `export_table() -> (name, frame) | None`, the table as shown; exporting.py holds
`export_screen` and `copy_screen`, what the app's `e` and `y` keys call with the active screen.
Nothing is imported here: importing one screen does not import them all.
"""
