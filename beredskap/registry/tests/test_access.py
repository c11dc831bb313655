"""Who may open which municipality and county pages (DESIGN.md §5)."""

import pytest

pytestmark = pytest.mark.django_db

UPPSALA, ENKOPING, VISBY = "0380", "0381", "0980"


@pytest.mark.parametrize(
    "who, code, status",
    [
        ("anna", UPPSALA, 200),
        ("anna", ENKOPING, 404),  # another municipality's page
        ("cecilia", ENKOPING, 200),
        ("cecilia", UPPSALA, 404),
        ("bengt", UPPSALA, 200),  # his county's municipalities
        ("bengt", ENKOPING, 200),
        ("bengt", VISBY, 404),  # not his county
        ("greta", UPPSALA, 404),
        ("karl", UPPSALA, 404),  # the coordinator compiles reports, not municipal data
        ("nadia", VISBY, 200),
        ("olle", UPPSALA, 404),
    ],
)
def test_municipality_page_is_visible_only_to_those_the_policy_names(
    client, cast, who, code, status
):
    client.force_login(cast[who])
    assert client.get(f"/municipalities/{code}/").status_code == status


@pytest.mark.parametrize(
    "who, code, status",
    [
        ("bengt", "03", 200),
        ("bengt", "09", 404),
        ("greta", "09", 200),
        ("karl", "07", 200),
        ("karl", "03", 404),
        ("anna", "03", 404),
        ("nadia", "25", 200),
    ],
)
def test_county_page_is_visible_to_its_board_and_analysts(client, cast, who, code, status):
    client.force_login(cast[who])
    assert client.get(f"/counties/{code}/").status_code == status


def test_unknown_municipality_code_is_a_clear_404(client, nadia):
    client.force_login(nadia)
    response = client.get("/municipalities/9999/")
    assert response.status_code == 404
    assert "9999" in response.content.decode()


def test_municipality_page_shows_group_county_and_members(client, anna, alva):
    client.force_login(anna)
    page = client.get(f"/municipalities/{UPPSALA}/").content.decode()
    assert "Uppsala län" in page
    assert "B3" in page  # SKR group in the 2023 grouping
    assert "Alva" in page and "Anna" in page


def test_county_page_lists_its_municipalities_with_groups(client, bengt):
    client.force_login(bengt)
    page = client.get("/counties/03/").content.decode()
    for name in ["Uppsala", "Enköping", "Knivsta", "Östhammar", "Älvkarleby", "Heby"]:
        assert name in page


def test_the_coordinator_sees_the_municipality_names_without_links_she_may_not_follow(
    client, karl, bengt
):
    client.force_login(karl)
    page = client.get("/counties/07/").content.decode()
    assert "Växjö" in page and "/municipalities/0780/" not in page
    client.force_login(bengt)
    assert "/municipalities/0380/" in client.get("/counties/03/").content.decode()


def test_only_analysts_get_the_list_of_all_counties(client, bengt, nadia):
    client.force_login(bengt)
    assert client.get("/counties/").status_code == 403
    client.force_login(nadia)
    response = client.get("/counties/")
    assert response.status_code == 200
    assert response.content.decode().count("/counties/") >= 21


def test_the_page_list_of_a_user_takes_a_fixed_number_of_queries(
    client, bengt, django_assert_max_num_queries
):
    client.force_login(bengt)
    with django_assert_max_num_queries(12):
        client.get("/counties/03/")
