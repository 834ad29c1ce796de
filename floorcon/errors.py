"""The store's errors, in a module of their own: the command line catches them without
importing SQLAlchemy, so the console can paint before the store layer is loaded."""


class StoreError(Exception):
    """The store cannot be opened or brought up to date; the message says why."""


class DamagedStore(StoreError):
    """The file is not a readable SQLite store; it is left untouched for inspection."""
