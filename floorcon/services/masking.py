"""Discreet mode's masks: plain string functions, in a module of their own so the dashboard
can paint before the store layer (SQLAlchemy) is loaded."""

from __future__ import annotations

BULLETS = "•••"


def mask_name(name: str) -> str:
    """'Mme Hélène Dubois' -> 'Mme D•••': the title and the initial of the family name only."""
    words = name.split()
    if not words:
        return BULLETS
    titles = {"m.", "mme", "mlle", "mr", "mrs", "ms", "dr", "sir", "lady", "me"}
    title = words[0] if words[0].lower() in titles and len(words) > 1 else ""
    family = words[-1]
    masked = f"{family[0]}{BULLETS}"
    return f"{title} {masked}".strip()


def mask_amount(symbol: str) -> str:
    return f"{symbol} {BULLETS}"
