"""The headless twin: `kabar` commands that print tables, CSV or JSON. It imports no Textual."""
