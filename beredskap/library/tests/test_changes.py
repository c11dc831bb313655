"""What changed: the Atom feed (parsed), the opt-in weekly digest through the worker's
e-mail path, and the guidance rows moved into the library by the migrations."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from beredskap.library import digest, services
from beredskap.library.models import DigestSubscription

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client) -> list[dict]:
    response = client.get(reverse("library:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [
        {
            "title": e.find(f"{ATOM}title").text,
            "link": e.find(f"{ATOM}link").get("href"),
            "id": e.find(f"{ATOM}id").text,
        }
        for e in root.findall(f"{ATOM}entry")
    ]


def test_nadia_edits_an_item_and_it_appears_in_the_feed(client, library, nadia):
    before = entries(client)
    assert {e["title"] for e in before} == {
        "Ny: Övning vid elavbrott",
        "Ny: Artikel kontinuitetsplan",
        "Ny: MSB om kontinuitet",
    }  # the unpublished item is not in the feed
    services.update_item(
        item=library["msb-lank"],
        data={"title_sv": "MSB:s stöd för kontinuitetshantering"},
        expected_version=1,
        by=nadia,
        note="Ny rubrik",
    )
    after = entries(client)
    assert after[0]["title"] == "Reviderad: MSB:s stöd för kontinuitetshantering"
    assert after[0]["link"].endswith("/library/msb-lank/#revision-2")
    assert len(after) == 4 and len({e["id"] for e in after}) == 4


def test_the_digest_is_opt_in_on_its_page(client, anna):
    client.force_login(anna)
    assert "checked" not in client.get(reverse("library:digest")).content.decode()
    client.post(reverse("library:digest"), {"digest": "weekly"})
    assert DigestSubscription.objects.filter(user=anna).exists()
    assert "checked" in client.get(reverse("library:digest")).content.decode()
    client.post(reverse("library:digest"), {})
    assert not DigestSubscription.objects.exists()


def test_the_weekly_digest_goes_to_subscribers_once_a_week(
    library, anna, bengt, nadia, django_capture_on_commit_callbacks
):
    def send(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return digest.send_digests(base_url="https://x.se", **kwargs)

    services.choose_digest(wanted=True, by=anna)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_library_digest", "--base-url", "https://beredskap.example")
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]  # bengt did not ask
    body = mail.outbox[0].body
    assert "Övning vid elavbrott" in body and "https://beredskap.example/library/" in body
    assert "utkast" not in body  # unpublished

    mail.outbox.clear()
    services.update_item(
        item=library["msb-lank"], data={"publisher": "MSB (ny)"}, expected_version=1, by=nadia
    )
    run = send()
    assert not mail.outbox and run.not_due == 1  # sent this week already

    later = timezone.now() + datetime.timedelta(days=7)
    run = send(now=later)
    assert run.sent == ["anna"] and len(mail.outbox) == 1
    assert "MSB om kontinuitet" in mail.outbox[0].body
    assert "Övning vid elavbrott" not in mail.outbox[0].body  # already told

    run = send(now=later + datetime.timedelta(days=8))
    assert run.nothing_new == 1 and len(mail.outbox) == 1
