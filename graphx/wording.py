"""How graphx says counts and durations in a sentence: "2 stories", "5.5 h", "3 hours later"."""

from __future__ import annotations


def and_list(items) -> str:
    """Names said as a list is: "A", "A and B", "A, B and C" ("A and B and C" read as a
    slip in a sentence meant to be quoted)."""
    items = list(items)
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 2 else items)


def count_noun(n: int, word: str, plural: str = "") -> str:
    """'1 story', '2 stories', '2,000 topics': a count with its noun, for messages."""
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def readable_span(hours: float) -> str:
    """A duration for people: "40 min", "5.5 h", "3.2 days"."""
    if hours < 1:
        return f"{round(hours * 60)} min"
    if hours < 48:
        return f"{hours:.1f} h".replace(".0 h", " h")
    return f"{hours / 24:.1f} days".replace(".0 days", " days")


def days_apart(day: str, other: str) -> str:
    """'published the same day', 'published 2 days later' from ``day`` to ``other``
    (YYYY-MM-DD): what can be said when one of the two gives its day alone."""
    from datetime import date

    days = (date.fromisoformat(other) - date.fromisoformat(day)).days
    if not days:
        return "published the same day"
    return f"published {count_noun(abs(days), 'day')} {'later' if days > 0 else 'earlier'}"


def time_apart(hours: float) -> str:
    """'published 3 hours later', '1 day earlier', 'within the hour' for a time difference."""
    size = abs(hours)
    if size < 1:
        return "published within the hour"
    amount, unit = (round(size), "hour") if size < 23.5 else (round(size / 24), "day")
    return f"published {count_noun(amount, unit)} {'later' if hours > 0 else 'earlier'}"
