"""The consultation (remiss) services: who may do what when, locking, audit, adoption."""

import datetime

import pytest
from django.utils import timezone

from beredskap.audit.models import Event
from beredskap.notices.models import Notification
from beredskap.planning import consultation as consulting
from beredskap.planning.models import Answer, Direction, Invitation
from beredskap.registry.models import Organisation

from .conftest import uppsala_board

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _invitation(consultation, organisation=None):
    return consulting.invitation_of(consultation, organisation or uppsala_board())


def _answer(consultation, by, code="UP_RESPONSIBILITY", stance="agree_with_changes", **kw):
    return consulting.save_answer(
        invitation=_invitation(consultation),
        item_kind=kw.pop("kind", "starting_point"),
        item_code=code,
        stance=stance,
        text=kw.pop("text", "Name the municipal duty of care."),
        expected_version=kw.pop("expected_version", None),
        by=by,
        **kw,
    )


def test_opening_invites_every_board_and_partner_and_tells_their_people(consultation, bengt):
    invited = set(consultation.invitations.values_list("organisation__name", flat=True))
    assert len(invited) == 25
    assert {"Länsstyrelsen i Uppsala län", "Myndigheten för civilt försvar", "Sveriges Kommuner och Regioner"} <= invited  # fmt: skip
    assert "Socialstyrelsen" not in invited
    consultation.direction.refresh_from_db()
    assert consultation.direction.status == Direction.Status.CONSULTATION
    notice = Notification.objects.get(recipient=bengt, kind="planning.consultation_opened")
    assert "2027.1" in notice.subject
    assert notice.url == f"/planning/2027.1/consultation/answers/{uppsala_board().pk}/"
    assert Event.objects.filter(action="planning.consultation_opened").count() == 1


def test_only_an_analyst_opens_and_only_a_draft(draft, direction, nadia, bengt):
    later = TODAY + datetime.timedelta(days=5)
    with pytest.raises(consulting.ConsultationRefused, match="analytiker"):
        consulting.open_consultation(direction=draft, deadline=later, by=bengt)
    with pytest.raises(consulting.ConsultationRefused, match="Endast ett utkast"):
        consulting.open_consultation(direction=direction, deadline=later, by=nadia)
    with pytest.raises(consulting.ConsultationRefused, match="efter i dag"):
        consulting.open_consultation(direction=draft, deadline=TODAY, by=nadia)
    socialstyrelsen = Organisation.objects.filter(name="Socialstyrelsen")
    with pytest.raises(consulting.ConsultationRefused, match="länsstyrelser och samverkande"):
        consulting.open_consultation(
            direction=draft, deadline=later, organisations=socialstyrelsen, by=nadia
        )
    assert not Invitation.objects.exists()


def test_answers_are_drafts_with_optimistic_locking_and_audit(consultation, bengt, tove):
    first = _answer(consultation, bengt)
    assert (first.version, first.stance) == (1, "agree_with_changes")
    second = _answer(consultation, tove, text="Also name the county board.", expected_version=1)
    assert second.version == 2
    with pytest.raises(consulting.ConcurrentEdit) as conflict:
        _answer(consultation, bengt, text="My older edit.", expected_version=1)
    assert conflict.value.current.text == "Also name the county board."
    assert conflict.value.attempted["text"] == "My older edit."
    same = _answer(consultation, bengt, text="Also name the county board.", expected_version=1)
    assert same.version == 2  # the same content again: no conflict, no change
    saved = Event.objects.filter(action="planning.consultation_answer_saved")
    assert saved.count() == 2


def test_refusals_say_why(consultation, bengt, greta, nadia):
    with pytest.raises(consulting.ConsultationRefused, match="inbjuden organisation"):
        _answer(consultation, greta)  # Gotland's reviewer for Uppsala's board
    with pytest.raises(consulting.ConsultationRefused, match="kommentar krävs"):
        _answer(consultation, bengt, text="")
    with pytest.raises(consulting.ConsultationRefused, match="ingen punkt"):
        _answer(consultation, bengt, code="UP_NOPE")
    late = consultation.deadline + datetime.timedelta(days=1)
    with pytest.raises(consulting.ConsultationRefused, match="har passerat"):
        _answer(consultation, bengt, today=late)
    Invitation.objects.filter(organisation__name="Statens institutionsstyrelse").delete()
    agency = Organisation.objects.get(name="Statens institutionsstyrelse")
    with pytest.raises(consulting.ConsultationRefused, match="är inte inbjuden"):
        consulting.invitation_of(consultation, agency)
    answer = _answer(consultation, bengt)
    consulting.submit_answers(invitation=_invitation(consultation), by=bengt)
    with pytest.raises(consulting.ConsultationRefused, match="har skickat in"):
        _answer(consultation, bengt, text="Changed my mind.", expected_version=1)
    with pytest.raises(consulting.ConsultationRefused, match="har skickat in"):
        consulting.submit_answers(invitation=_invitation(consultation), by=bengt)
    with pytest.raises(consulting.ConsultationRefused, match="efter sista svarsdag"):
        consulting.write_disposition(answer=answer, decision="accepted", reason="Yes", by=nadia)
    assert Answer.objects.get(pk=answer.pk).text == "Name the municipal duty of care."


def test_a_partner_agency_answers_through_its_consultee(consultation):
    from beredskap.tests.cast import person

    agency = Organisation.objects.get(name="Upphandlingsmyndigheten")
    maja = person("maja", "Upphandlingsmyndigheten", role="consultee")
    answer = consulting.save_answer(
        invitation=consulting.invitation_of(consultation, agency),
        item_kind="assumption",
        item_code="GA_POWER",
        stance="disagree",
        text="A week is too short.",
        expected_version=None,
        by=maja,
    )
    assert answer.invitation.organisation == agency


def test_dispositions_then_adoption_supersede_the_previous_version(
    consultation, direction, bengt, nadia
):
    answer = _answer(consultation, bengt)
    _answer(consultation, bengt, code="GA_POWER", kind="assumption", stance="agree", text="")
    consulting.submit_answers(invitation=_invitation(consultation), by=bengt)
    after = consultation.deadline + datetime.timedelta(days=1)
    with pytest.raises(consulting.ConsultationRefused, match="1 synpunkt"):
        consulting.adopt_direction(direction=consultation.direction, by=nadia, today=after)
    with pytest.raises(consulting.ConsultationRefused, match="analytiker"):
        consulting.write_disposition(
            answer=answer, decision="accepted", reason="Yes", by=bengt, today=after
        )
    consulting.write_disposition(
        answer=answer, decision="partly", reason="Named in the text.", by=nadia, today=after
    )
    adopted = consulting.adopt_direction(direction=consultation.direction, by=nadia, today=after)
    direction.refresh_from_db()
    consultation.refresh_from_db()
    assert (adopted.status, adopted.valid_from) == ("adopted", after)
    assert direction.status == "superseded"
    assert consultation.is_closed
    with pytest.raises(consulting.ConsultationRefused, match="Endast en version som är på remiss"):
        consulting.adopt_direction(direction=adopted, by=nadia, today=after)
