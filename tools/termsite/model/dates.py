"""A date as readers of each language write it: 2024年1月1日 / January 1, 2024."""

from __future__ import annotations

import datetime as dt

from termsite.model.terms import Lang

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def format_date(day: dt.date, lang: Lang) -> str:
    """A date as readers write it: 2024年1月1日 / January 1, 2024."""
    if lang == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
