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
