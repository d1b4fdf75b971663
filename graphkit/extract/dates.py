"""Dates in news English, resolved against the article's publication date.

Examples:
    >>> resolve_date("Last Thursday", "2018-07-19")
    '2018-07-12'
    >>> resolve_date("Monday", "2018-07-19")
    '2018-07-16'
    >>> resolve_date("Aug. 31", "2018-07-19")
    '2018-08-31'
    >>> resolve_date("July 6, 2018", "2018-07-19")
    '2018-07-06'
    >>> resolve_date("last month", "2018-07-19")
    '2018-06'
    >>> resolve_date("since 2008", "2018-07-19")
    '2008'
    >>> resolve_date("last week", "2018-07-19") is None
    True
"""

from __future__ import annotations

import re
from datetime import date, timedelta

__all__ = ["resolve_date"]

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_DAY = re.compile(r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


def _month(word: str) -> int | None:
    word = word.lower().rstrip(".")
    return MONTHS.get(word[:4]) if word[:4] == "sept" else MONTHS.get(word[:3])


def resolve_date(expression: str, published: str) -> str | None:
    """An ISO date (or year, or year-month) for a date expression; None when it names no day.

    A weekday alone means the most recent such day on or before publication; "last <weekday>" the most
    recent one before it; a month and day without a year take the publication year.
    """
    text = expression.lower().strip()
    try:
        pub = date.fromisoformat(published[:10]) if published else None
    except ValueError:
        pub = None
    match = _MONTH_DAY.search(text)
    if match and _month(match.group(1)):
        month, day = _month(match.group(1)), int(match.group(2))
        year = int(match.group(3)) if match.group(3) else (pub.year if pub else None)
        if year and month:
            try:
                return date(year, month, day).isoformat()
            except ValueError:
                return None
    if pub is not None:
        for index, name in enumerate(WEEKDAYS):
            if re.search(rf"\b{name}\b", text):
                back = (pub.weekday() - index) % 7
                if back == 0 and re.search(r"\blast\b", text):
                    back = 7
                return (pub - timedelta(days=back)).isoformat()
        if re.search(r"\byesterday\b", text):
            return (pub - timedelta(days=1)).isoformat()
        if re.search(r"\btoday\b|\bthis morning\b", text):
            return pub.isoformat()
        if re.search(r"\blast month\b", text):
            first = pub.replace(day=1) - timedelta(days=1)
            return f"{first.year:04d}-{first.month:02d}"
        if re.search(r"\blast year\b", text):
            return str(pub.year - 1)
    found = _YEAR.search(text)
    if found and not re.search(r"\b(years?|weeks?|days?|months?)\b", text):
        return found.group(1)
    return None
