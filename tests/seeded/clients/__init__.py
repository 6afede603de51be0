"""Team clients for `--app module:factory`: one team's auth layer (`team.py`) on its own adapters
(`adapters.py`), the control without a bug (`control.py`), and one module per seeded bug, each a
small change to one part of that layer with a module-level `factory`."""
