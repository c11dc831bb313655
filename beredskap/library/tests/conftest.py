"""A small library on the test edition and the shipped planning direction."""

import pytest

from beredskap.library import services
from beredskap.planning import services as planning
from beredskap.planning.tests.conftest import STARTER


def article(slug: str, **extra) -> dict:
    return {
        "slug": slug,
        "kind": "article",
        "title_sv": f"Artikel {slug}",
        "title_en": f"Article {slug}",
        "summary_sv": "En sammanfattning.",
        "body_sv": "Första stycket.\n\nAndra stycket.",
        "publisher": "Socialstyrelsen",
        **extra,
    }


@pytest.fixture
def direction(db):
    return planning.load_direction(path=STARTER).direction


@pytest.fixture
def library(edition, direction, nadia):
    """Three published items and one unpublished, by nadia."""
    made = [
        article(
            "ovning-elavbrott",
            title_sv="Övning vid elavbrott",
            body_sv="Så planerar ni en övning för särskilt boende.",
            topics=["training"],
            audiences=["respondent"],
            indicators=["KON01"],
            target_states=["MB_B_CONTINUITY"],
            assumptions=["GA_POWER"],
        ),
        article("kontinuitetsplan", topics=["continuity"], indicators=["KON02"]),
        {
            "slug": "msb-lank",
            "kind": "link",
            "title_sv": "MSB om kontinuitet",
            "title_en": "MSB on continuity",
            "url": "https://www.msb.se/kontinuitetshantering",
            "publisher": "MSB",
            "topics": ["continuity"],
        },
        article("utkast", active=False),
    ]
    return {d["slug"]: services.create_item(data=d, by=nadia) for d in made}
