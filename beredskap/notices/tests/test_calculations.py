"""The schedule of reminder days: a cadence before and after a deadline, not every day."""

import datetime

import pytest

from beredskap.notices.calculations import is_reminder_day


@pytest.mark.parametrize(
    "today, expected",
    [
        ("2025-02-22", True),
        ("2025-03-05", False),
        ("2025-03-14", True),
        ("2025-03-15", True),
        ("2025-03-16", True),
        ("2025-03-17", False),
        ("2025-03-23", True),
    ],
)
def test_reminders_follow_a_cadence_not_every_day(today, expected):
    day = datetime.date.fromisoformat(today)
    assert is_reminder_day(day, datetime.date(2025, 3, 15)) is expected
