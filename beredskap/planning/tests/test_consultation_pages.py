"""The consultation's pages through the web client: the story's steps, the leaks refused
(anonymous, another county board, a municipality), query counts, the compilation files."""

import io
import re

import openpyxl
import pypdfium2
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beredskap.planning import consultation as consulting
from beredskap.planning.models import Answer, Compilation, Invitation
from beredskap.registry.models import County
from beredskap.tests.cast import stand_in

from .conftest import pass_deadline, uppsala_board

pytestmark = pytest.mark.django_db


def _base(consultation) -> str:
    return f"/planning/{consultation.direction.version}/consultation/"


def _answers_url(consultation, organisation=None) -> str:
    return f"{_base(consultation)}answers/{(organisation or uppsala_board()).pk}/"


def _answer_and_submit(consultation, user, organisation, codes=("UP_RESPONSIBILITY", "GA_POWER")):
    invitation = consulting.invitation_of(consultation, organisation)
    kinds = {"UP": "starting_point", "GA": "assumption", "MB": "target_state"}
    for code in codes:
        consulting.save_answer(
            invitation=invitation,
            item_kind=kinds[code[:2]],
            item_code=code,
            stance="disagree",
            text=f"{organisation.name} on {code}",
            expected_version=None,
            by=user,
        )
    consulting.submit_answers(invitation=invitation, by=user)


def test_bengt_answers_saves_a_stale_copy_and_submits_once(client, consultation, bengt, tove):
    client.force_login(bengt)
    url = _answers_url(consultation)
    page = client.get(url)
    assert page.status_code == 200 and 'id="form-GA_POWER"' in page.content.decode()
    form = {"item_kind": "assumption", "item_code": "GA_POWER", "version": ""}
    saved = client.post(url, {**form, "stance": "disagree", "text": "Two weeks, not one."})
    assert saved.status_code == 302
    consulting.save_answer(
        invitation=consulting.invitation_of(consultation, uppsala_board()),
        item_kind="assumption", item_code="GA_POWER", stance="agree_with_changes",
        text="Tove's wording.", expected_version=1, by=tove,
    )  # fmt: skip
    stale = client.post(url, {**form, "version": "1", "stance": "disagree", "text": "Mine."})
    body = stale.content.decode()
    assert stale.status_code == 409 and "Tove&#x27;s wording." in body and "Mine." in body
    assert client.post(f"{url}submit/").status_code == 302
    page = client.get(url).content.decode()
    assert 'id="form-GA_POWER"' not in page and "Inskickat" in page
    again = client.post(url, {**form, "version": "2", "stance": "agree", "text": ""})
    assert again.status_code == 409 and "har skickat in" in again.content.decode()
    assert Answer.objects.get(item_code="GA_POWER").text == "Tove's wording."


def test_the_start_page_lists_the_consultation_for_the_invited_board(
    client, consultation, bengt, anna
):
    client.force_login(bengt)
    page = client.get("/").content.decode()
    assert _answers_url(consultation) in page
    client.force_login(anna)
    assert "/consultation/" not in client.get("/").content.decode()


@pytest.mark.parametrize("who", ["anonymous", "greta", "anna", "olle", "bengt"])
def test_others_are_refused_the_board_answers_and_compilation(client, request, consultation, nadia, bengt, who):  # fmt: skip
    _answer_and_submit(consultation, bengt, uppsala_board())
    compilation = consulting_compilation(consultation, nadia)
    stockholm = Invitation.objects.get(organisation__name="Länsstyrelsen i Stockholms län")
    base = _base(consultation)
    refused = [
        base, f"{base}open/", f"{base}dispositions/", f"{base}compilation/",
        f"{base}compilation/{compilation.pk}/", f"{base}compilation/{compilation.pk}/pdf/",
        f"{base}compilation/{compilation.pk}/xlsx/",
        f"{base}answers/{stockholm.organisation_id}/", "/planning/2027.1/",
    ]  # fmt: skip
    if who != "bengt":
        refused.append(_answers_url(consultation))
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for url in refused:
        response = client.get(url)
        if who == "anonymous" and url != "/planning/2027.1/":
            assert response.status_code == 302 and "login" in response["Location"], url
        else:
            assert response.status_code == 404, url
    assert client.post(f"{base}adopt/").status_code in (302, 404)
    if who != "anonymous":
        assert client.post(f"{base}adopt/").status_code == 404


def consulting_compilation(consultation, nadia):
    from beredskap.planning.consultation_compilation import start_compilation

    return start_compilation(consultation=consultation, by=nadia)


def _invite_and_answer(draft, nadia, codes: list[str]):
    import datetime

    from django.utils import timezone

    from beredskap.registry.models import Organisation

    boards = Organisation.objects.filter(county__code__in=codes)
    consultation = consulting.open_consultation(
        direction=draft,
        deadline=timezone.localdate() + datetime.timedelta(days=3),
        organisations=boards,
        by=nadia,
    )
    for board in boards:
        _answer_and_submit(consultation, stand_in("reviewer", county=board.county.code), board)
    return consultation


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["", "compilation/", "dispositions/"])
def test_board_and_compilation_queries_do_not_grow_with_organisations(
    client, draft, direction, nadia, page
):
    from beredskap.planning import services

    few = _invite_and_answer(draft, nadia, ["01", "03"])
    other = services.copy_direction(source=direction, version="2027.2", by=nadia)
    every = _invite_and_answer(other, nadia, list(County.objects.values_list("code", flat=True)))
    assert every.invitations.count() == 21 and few.invitations.count() == 2
    client.force_login(nadia)
    client.get(_base(few) + page)  # warm the session and caches
    assert _queries(client, _base(few) + page) == _queries(client, _base(every) + page)


def _pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(p.get_textpage().get_text_range() for p in document))


def test_dispositions_compilation_files_and_adoption(
    client, consultation, direction, nadia, bengt
):
    _answer_and_submit(consultation, bengt, uppsala_board())
    client.force_login(nadia)
    base = _base(consultation)
    answer = Answer.objects.get(item_code="UP_RESPONSIBILITY")
    early = client.post(f"{base}dispositions/", {"answer": answer.pk, "decision": "accepted", "reason": "x"})  # fmt: skip
    assert early.status_code == 400 and "efter sista svarsdag" in early.content.decode()
    pass_deadline(consultation)
    for row, decision in zip(
        Answer.objects.order_by("item_code"), ["partly", "not_accepted"], strict=True
    ):
        response = client.post(
            f"{base}dispositions/",
            {"answer": row.pk, "decision": decision, "reason": f"Reason for {row.item_code}"},
        )
        assert response.status_code == 302
    made = client.post(f"{base}compilation/")
    compilation = Compilation.objects.get()
    assert made["Location"] == f"{base}compilation/{compilation.pk}/"
    assert compilation.status == "done" and compilation.done == compilation.total == 3
    pdf = client.get(f"{base}compilation/{compilation.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
    for item in consulting.items_of(consultation.direction):
        assert item.code in text
    for expected in ("Delvisgodkänd:ReasonforGA_POWER", "Integodkänd:ReasonforUP_RESPONSIBILITY"):
        assert expected in text
    xlsx = client.get(f"{base}compilation/{compilation.pk}/xlsx/")
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert rows[0][:3] == ("Kod", "Punkt", "Organisation")
    first = (rows[1][0], rows[1][2], rows[1][3])
    assert first == ("UP_RESPONSIBILITY", "Länsstyrelsen i Uppsala län", "Instämmer inte")
    assert rows[2][0] == "GA_POWER" and rows[2][5:] == ("Delvis godkänd", "Reason for GA_POWER")
    adopted = client.post(f"{base}adopt/")
    assert adopted.status_code == 302 and adopted["Location"] == "/planning/2027.1/"
    client.logout()
    public = client.get("/planning/").content.decode()
    assert "2027.1" in public
    diff = client.get("/planning/2026.1/diff/2027.1/")
    assert diff.status_code == 200
