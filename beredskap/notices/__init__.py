"""Reminders by e-mail, for any app: one record of what was sent and one sending loop.

The surveys' reminders, the reporting deadlines' reminders and the apps to come (planning,
continuity, learning) all need the same things: a schedule of reminder days, e-mails
written in Swedish from an app's templates, one connection to the mail server, no second
e-mail to the same person on the same day, and a retry tomorrow of what failed today.
This app holds those once, on the ground floor, so that no app imports another to send a
reminder. Who is reminded of what, the templates and the audit event of a run stay with
the app that sends (`surveys.reminders`, `reporting.reminders`).
"""
