"""Fixtures of the planning tests: the shipped starter direction, loaded, and helpers to
write changed copies of it."""

from pathlib import Path

import pytest
import yaml

from beredskap.planning import services

STARTER = services.DIRECTIONS_DIR / "2026.1.yaml"


def starter_data() -> dict:
    return yaml.safe_load(STARTER.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict, name: str = "direction.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def direction(db):
    return services.load_direction(path=STARTER).direction


# --- consultations (remiss) ------------------------------------------------------------


@pytest.fixture
def draft(direction, nadia):
    """A draft copy of the adopted starter, to be consulted on as 2027.1."""
    return services.copy_direction(source=direction, version="2027.1", by=nadia)


@pytest.fixture
def consultation(draft, nadia, bengt):
    """2027.1 out for consultation to every county board and partner agency, 10 days left."""
    import datetime

    from django.utils import timezone

    from beredskap.planning import consultation as consulting

    return consulting.open_consultation(
        direction=draft, deadline=timezone.localdate() + datetime.timedelta(days=10), by=nadia
    )


def uppsala_board():
    from beredskap.registry.models import Organisation

    return Organisation.objects.get(name="Länsstyrelsen i Uppsala län")


def pass_deadline(consultation):
    """Move the deadline to yesterday (the pages' clock is the real one)."""
    import datetime

    from django.utils import timezone

    from beredskap.planning.models import Consultation

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Consultation.objects.filter(pk=consultation.pk).update(deadline=yesterday)
    consultation.refresh_from_db()
    return consultation
