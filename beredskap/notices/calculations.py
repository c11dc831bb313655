"""The schedule of reminder days, shared by every app that reminds people of a deadline."""

import datetime

#: Days before the deadline when people are reminded; after it, the day after and then
#: weekly. Daily e-mail for two months would teach people to ignore them.
DAYS_BEFORE_DEADLINE = (21, 14, 7, 3, 1, 0)
WEEKLY_AFTER_DEADLINE = 7


def is_reminder_day(today: datetime.date, deadline: datetime.date) -> bool:
    days_left = (deadline - today).days
    if days_left >= 0:
        return days_left in DAYS_BEFORE_DEADLINE
    return (-days_left) % WEEKLY_AFTER_DEADLINE == 1
