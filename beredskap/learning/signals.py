"""Signals the learning app sends for apps on higher floors to follow.

`event_changed` is sent inside the transaction of every change of an event or its
registrations (keyword arguments `event` and `by`), so what a receiver writes is stored
with the change or not at all. The support log receives it (`support/apps.py`) to keep a
county board's meetings in its log without anyone typing them twice; learning never
imports support.
"""

from django.dispatch import Signal

event_changed = Signal()
