"""Audit trail. Call `audit.record(actor=..., action=..., target=..., **details)`."""


def record(**kwargs):
    from .services import record as _record

    return _record(**kwargs)
