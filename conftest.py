"""Shared test set-up: reference data once per database, a survey round on the small test
edition, and browser fixtures. The named cast (anna, bengt, …) is `beredskap/tests/cast.py`.
"""

import datetime
import os

import pytest

pytest_plugins = [
    "beredskap.tests.cast",
    "beredskap.learning.tests.training_fixtures",
    "beredskap.learning.tests.event_fixtures",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from beredskap.registry.services import load_reference_data

    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rolled-back rows reuse primary keys, so a
    cached page from one test could otherwise answer in the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def reference(db):
    """The registry's reference data; reloaded if a transactional test flushed it."""
    from beredskap.registry.models import County
    from beredskap.registry.services import load_reference_data

    if not County.objects.exists():
        load_reference_data()


# --- a survey round on the small test edition ----------------------------------------


@pytest.fixture
def edition(tmp_path, reference):
    """The small hand-written test edition (catalogue/tests/factories.py) for 2025."""
    from beredskap.catalogue.tests.factories import load_small_edition

    return load_small_edition(tmp_path, 2025)


@pytest.fixture
def survey_round(edition, nadia):
    from beredskap.surveys import services

    return services.open_round(
        year=2025,
        edition=edition,
        opens_on=datetime.date(2025, 1, 20),
        deadline=datetime.date(2025, 3, 15),
        by=nadia,
    )


@pytest.fixture
def uppsala(survey_round):
    """Uppsala's draft response in the 2025 round."""
    from beredskap.surveys.models import Response

    return Response.objects.get(round=survey_round, municipality__code="0380")


# --- browser tests (Debian Chromium through Playwright) ---------------------------


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module."""
    from playwright.sync_api import sync_playwright

    from beredskap.tests.browser import ARGS, CHROMIUM

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser):
    from beredskap.tests.browser import new_page

    page = new_page(browser)
    yield page
    page.context.close()
