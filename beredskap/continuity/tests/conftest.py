import pytest


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Plan documents go to a fresh private directory per test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "continuity": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    return tmp_path / "private"


@pytest.fixture
def uppsala_municipality(reference):
    from beredskap.registry.models import Municipality

    return Municipality.objects.get(code="0380")


@pytest.fixture
def enkoping_municipality(reference):
    from beredskap.registry.models import Municipality

    return Municipality.objects.get(code="0381")
