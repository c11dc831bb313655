"""The demo's knowledge library: at least 30 items linked to indicators, målbilder and
assumptions, in Swedish with English, the same on every run and quick to make."""

import time

import pytest

from beredskap.catalogue import services as catalogue
from beredskap.demo import library as demo_library
from beredskap.demo import services as demo
from beredskap.library.models import Dimension, Item, Tag
from beredskap.planning import services as planning

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(reference):
    for path in catalogue.shipped_editions():
        catalogue.load_edition(path=path)
    for path in planning.shipped_directions():
        planning.load_direction(path=path)
    demo.create_demo_users()


def test_the_demo_library_has_30_linked_items_and_is_made_once(loaded):
    started = time.monotonic()
    count = demo_library.create_demo_library()
    assert time.monotonic() - started < 10  # a few seconds even on a busy machine
    assert count == Item.objects.count() >= 30
    linked = {
        d: set(Tag.objects.filter(dimension=d).values_list("code", flat=True)) for d in Dimension
    }
    assert {"MB_B_CONTINUITY", "MB_H_TRAINING"} <= linked[Dimension.TARGET_STATE]
    assert {"GA_POWER", "GA_STAFF"} <= linked[Dimension.ASSUMPTION]
    assert len(linked[Dimension.INDICATOR]) >= 20 and len(linked[Dimension.TOPIC]) == 6
    for item in Item.objects.all():
        assert item.title_sv and item.title_en and item.revisions.count() == 1
    first = sorted(Item.objects.values_list("slug", "title_sv", "body_sv"))
    assert demo_library.create_demo_library() == count  # a re-run adds nothing
    assert sorted(Item.objects.values_list("slug", "title_sv", "body_sv")) == first
