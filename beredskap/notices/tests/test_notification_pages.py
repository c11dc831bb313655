"""The notification pages: the header's count, the list, reading, the e-mail choices."""

import pytest

from beredskap.notices import kinds, services
from beredskap.notices.models import EmailChoice, Notification

pytestmark = pytest.mark.django_db

KIND = kinds.register("test.event", "Something happened").code


def tell(user, n=1, url="/surveys/"):
    for i in range(n):
        services.notify(
            kind=KIND, recipients=[user], subject=f"Händelse {i}", body="Text", url=url
        )


def test_the_header_names_the_unread_count(client, anna):
    tell(anna, 2)
    client.force_login(anna)
    html = client.get("/deadlines/").content.decode()
    assert 'href="/notifications/" aria-label="Aviseringar, 2 olästa">Aviseringar' in html
    assert '<span class="badge">2 olästa</span>' in html
    services.mark_all_read(by=anna)
    html = client.get("/deadlines/").content.decode()
    assert 'href="/notifications/">Aviseringar</a>' in html


def test_a_page_counts_unread_notifications_in_one_query(
    client, anna, django_assert_max_num_queries
):
    tell(anna, 3)
    client.force_login(anna)
    with django_assert_max_num_queries(20) as page:
        assert "3 olästa" in client.get("/deadlines/").content.decode()
    counts = [q["sql"] for q in page.captured_queries if "notices_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT(" in counts[0]


def test_the_count_costs_one_query(client, anna, django_assert_num_queries):
    """A page without the header link costs one query less: the count is the only one."""
    from beredskap.notices.context_processors import unread_notifications

    tell(anna, 3)
    request = type("Request", (), {"user": anna})()
    with django_assert_num_queries(0):
        context = unread_notifications(request)  # nothing until the template asks
    with django_assert_num_queries(1):
        assert context["unread_notifications"]() == 3
        assert context["unread_notifications"]() == 3  # asked twice, counted once


def test_the_list_is_newest_first_paginated_and_links_to_the_object(client, anna):
    tell(anna, 22)
    client.force_login(anna)
    html = client.get("/notifications/").content.decode()
    assert html.index("Händelse 21") < html.index("Händelse 2<")
    assert "Händelse 1<" not in html  # the first two are on page 2
    assert "Sida 1 av 2" in html
    assert "Händelse 0" in client.get("/notifications/?page=2").content.decode()
    first = Notification.objects.filter(recipient=anna).last()
    response = client.get(f"/notifications/{first.pk}/")
    assert response.status_code == 302 and response["Location"] == "/surveys/"
    first.refresh_from_db()
    assert first.read_at is not None


def test_mark_one_and_all_read(client, anna):
    tell(anna, 3)
    client.force_login(anna)
    one = Notification.objects.filter(recipient=anna).first()
    response = client.post(f"/notifications/{one.pk}/read/", {"page": "1"})
    assert response.status_code == 302 and response["Location"] == "/notifications/?page=1"
    assert Notification.objects.unread().count() == 2
    client.post("/notifications/read/")
    assert Notification.objects.unread().count() == 0
    assert client.get(f"/notifications/{one.pk}/read/").status_code == 405


def test_someone_elses_notification_is_a_404(client, anna, cecilia):
    tell(anna)
    theirs = Notification.objects.get()
    client.force_login(cecilia)
    assert client.get(f"/notifications/{theirs.pk}/").status_code == 404
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    assert "Händelse" not in client.get("/notifications/").content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_stored_link_off_the_site_is_not_followed(client, anna):
    tell(anna, url="https://example.com/")
    client.force_login(anna)
    pk = Notification.objects.get().pk
    assert client.get(f"/notifications/{pk}/")["Location"] == "/notifications/"


def test_the_email_choices_page(client, anna):
    client.force_login(anna)
    html = client.get("/notifications/settings/").content.decode()
    assert "ett svar återsänds för komplettering" in html
    assert html.count("checked") == len(kinds.all_kinds())
    response = client.post("/notifications/settings/", {"email": ["response.returned"]})
    assert response.status_code == 302
    chosen = dict(EmailChoice.objects.filter(user=anna).values_list("kind", "email"))
    assert chosen["response.returned"] is True and chosen["response.submitted"] is False
    html = client.get("/notifications/settings/").content.decode()
    assert html.count("checked") == 1
