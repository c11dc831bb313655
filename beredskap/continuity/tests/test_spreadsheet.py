"""The XLSX template round trip: download, fill, upload all or nothing with row errors."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from beredskap.audit.models import Event
from beredskap.continuity.models import CriticalFunction, Dependency, RegisterRevision, Unit

from .factories import small_register

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(client, book) -> object:
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("register.xlsx", out.getvalue(), content_type=XLSX)
    return client.post("/continuity/0380/import/", {"file": upload})


def _template(client):
    response = client.get("/continuity/0380/template.xlsx")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_every_sheet_is_marked_sensitive(client, anna, uppsala_municipality, edition):
    small_register(uppsala_municipality, anna)
    client.force_login(anna)
    book = _template(client)
    assert len(book.worksheets) == 2
    for sheet in book.worksheets:
        assert sheet["A1"].value.startswith("SKYDDSVÄRT")
        assert sheet.oddHeader.center.text.startswith("SKYDDSVÄRT")
    rows = list(book.worksheets[0].iter_rows(min_row=3, values_only=True))
    assert len(rows) == 3  # heating: electricity and fuel; medication rounds: staff
    assert Event.objects.filter(action="continuity.export", actor=anna).exists()


def test_hundreds_of_units_round_trip_in_bounded_queries(
    client, anna, uppsala_municipality, edition, django_assert_max_num_queries
):
    small_register(uppsala_municipality, anna)
    client.force_login(anna)
    book = _template(client)
    sheet = book.worksheets[0]
    sheet["I3"] = 48  # heating's electricity reserve: 12 → 48 hours
    for n in range(300):
        sheet.append(
            [f"Gruppbostad {n:03}", "Särskilt boende för äldre", "Privat utförare", "Ja", 6,
             "Larm", 2, "El", n % 50 or None, None, None]
        )  # fmt: skip
        sheet.append(
            [f"Gruppbostad {n:03}", "Särskilt boende för äldre", "Privat utförare", "Ja", 6,
             "Larm", 2, "Personal", None, 2, 3]
        )  # fmt: skip
    with django_assert_max_num_queries(40):
        response = _upload(client, book)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Unit.objects.filter(municipality=uppsala_municipality).count() == 301
    assert CriticalFunction.objects.count() == 302
    assert Dependency.objects.filter(category="staff").count() == 301
    electricity = Dependency.objects.get(
        function__name="Heating of premises", category="electricity"
    )
    assert (electricity.reserve_hours, electricity.version) == (48, 2)
    assert Unit.objects.get(name="Gruppbostad 007").contract_sets_preparedness
    assert RegisterRevision.objects.filter(source="import").count() == 300 + 300 + 600 + 1
    assert Event.objects.get(action="continuity.import").details["created"] == 1200


def test_a_template_with_errors_imports_nothing_and_names_row_and_column(
    client, anna, uppsala_municipality, edition
):
    small_register(uppsala_municipality, anna)
    client.force_login(anna)
    book = _template(client)
    sheet = book.worksheets[0]
    sheet.append(
        ["Nytt boende", "Särskilt boende för äldre", "Egen regi", "Nej", 5, "Värme", 4, "El", 12]
    )
    sheet.append(
        ["Fel boende", "Särskilt boende för äldre", "Egen regi", "Nej", 5, "Värme", 4, "El", -3]
    )
    sheet.append(["Fel boende", "Okänd verksamhet", "Egen regi", "Nej", 5])
    sheet.append(["Tredje", "Särskilt boende för äldre", "Egen regi", "Nej", 5, "Värme", 0])
    before = RegisterRevision.objects.count()
    response = _upload(client, book)
    assert response.status_code == 422
    html = response.content.decode()
    assert "<td>7</td><td>I</td>" in html  # the negative reserve
    assert "<td>8</td><td>B</td>" in html  # the unknown activity
    assert "<td>9</td><td>G</td>" in html  # zero downtime
    assert not Unit.objects.filter(name="Nytt boende").exists()
    assert RegisterRevision.objects.count() == before


def test_a_file_that_is_not_a_workbook_is_refused(client, anna, edition):
    client.force_login(anna)
    upload = SimpleUploadedFile("register.xlsx", b"not a workbook")
    response = client.post("/continuity/0380/import/", {"file": upload})
    assert response.status_code == 422
    assert not Unit.objects.exists()


# --- optimistic locking of the round trip ----------------------------------------------


def _electricity():
    return Dependency.objects.get(function__name="Heating of premises", category="electricity")


def test_the_template_carries_each_items_version_in_hidden_columns(
    client, anna, uppsala_municipality, edition
):
    small_register(uppsala_municipality, anna)
    client.force_login(anna)
    sheet = _template(client).worksheets[0]
    assert all(sheet.column_dimensions[letter].hidden for letter in "LMN")
    assert [row[11:] for row in sheet.iter_rows(min_row=3, values_only=True)] == [
        (1, 1, 1), (1, 1, 1), (1, 1, 1),
    ]  # fmt: skip


def test_a_clean_round_trip_saves_and_moves_the_version_on(
    client, anna, uppsala_municipality, edition
):
    small_register(uppsala_municipality, anna)
    client.force_login(anna)
    book = _template(client)
    book.worksheets[0]["I3"] = 36
    assert _upload(client, book).status_code == 302
    assert (_electricity().reserve_hours, _electricity().version) == (36, 2)
    # The file downloaded before is now behind: uploading it again changes nothing it
    # did not change, so it goes through unchanged.
    assert _upload(client, book).status_code == 302
    assert _electricity().version == 2


def test_a_stale_upload_is_refused_whole_naming_sheet_row_and_both_values(
    client, anna, uppsala_municipality, edition
):
    from beredskap.continuity import services

    small_register(uppsala_municipality, anna)
    client.force_login(anna)
    book = _template(client)  # electricity reserve 12 h, version 1
    services.update_dependency(
        dependency=_electricity(), by=anna, version=1, category="electricity", reserve_hours=24
    )  # someone saves the web form after the download
    sheet = book.worksheets[0]
    sheet["I3"] = 48
    sheet.append(
        ["Nytt boende", "Särskilt boende för äldre", "Egen regi", "Nej", 5, "Värme", 4, "El", 12]
    )
    before = (RegisterRevision.objects.count(), Event.objects.count())
    response = _upload(client, book)
    assert response.status_code == 422
    html = response.content.decode()
    assert f"<td>{sheet.title}</td><td>3</td><td>I</td>" in html
    assert "i filen: 48" in html and "sparat nu: 24" in html
    assert _electricity().reserve_hours == 24
    assert not Unit.objects.filter(name="Nytt boende").exists()
    assert (RegisterRevision.objects.count(), Event.objects.count()) == before


def test_a_later_change_the_file_did_not_touch_stands(client, anna, uppsala_municipality, edition):
    from beredskap.continuity import services

    small_register(uppsala_municipality, anna)
    client.force_login(anna)
    book = _template(client)
    services.update_dependency(
        dependency=_electricity(), by=anna, version=1, category="electricity", reserve_hours=24
    )
    book.worksheets[0]["E3"] = 11  # people served, on the unit's rows
    book.worksheets[0]["E4"] = 11
    book.worksheets[0]["E5"] = 11
    assert _upload(client, book).status_code == 302
    assert _electricity().reserve_hours == 24  # the web form's change stands
    assert Unit.objects.get(name="HVB Björken").people_served == 11


def test_a_unit_renamed_after_the_download_is_not_added_back_under_its_old_name(
    client, anna, uppsala_municipality, edition
):
    """Rows are matched by name: the old file's rows carry the renamed unit's version but its
    old name, so they are refused (naming row and column), not added as a new unit."""
    from beredskap.continuity import services

    unit = small_register(uppsala_municipality, anna)
    client.force_login(anna)
    book = _template(client)
    services.update_unit(
        unit=unit, by=anna, version=1, name="HVB Björken (hus A)", activity_code="sabo",
        management="own", people_served=9,
    )  # fmt: skip
    before = (Unit.objects.count(), CriticalFunction.objects.count(), Dependency.objects.count())
    response = _upload(client, book)
    assert response.status_code == 422
    html = response.content.decode()
    assert "den har bytt namn eller tagits bort" in html
    assert f"<td>{book.worksheets[0].title}</td><td>3</td><td>A</td>" in html
    counts = (Unit.objects.count(), CriticalFunction.objects.count(), Dependency.objects.count())
    assert counts == before
    assert not Unit.objects.filter(name="HVB Björken").exists()


def test_a_new_unit_on_an_empty_row_is_still_added(client, anna, uppsala_municipality, edition):
    small_register(uppsala_municipality, anna)
    client.force_login(anna)
    book = _template(client)
    book.worksheets[0].append(
        ["Nytt boende", "Särskilt boende för äldre", "Egen regi", "Nej", 5, "Värme", 4, "El", 12]
    )
    assert _upload(client, book).status_code == 302
    assert Unit.objects.filter(name="Nytt boende").exists()
