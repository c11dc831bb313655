"""Loading edition files: everything or nothing, with every error located."""

import copy
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from beredskap.audit.models import Event
from beredskap.catalogue import services
from beredskap.catalogue.models import Edition, IndicatorVersion, Question

from .factories import EDITION, text, write

pytestmark = pytest.mark.django_db


def test_a_valid_edition_loads_with_its_questions_and_indicators(tmp_path, nadia):
    result = services.load_edition(path=write(tmp_path, EDITION), by=nadia)
    assert result.status == "created"
    edition = Edition.objects.get(year=2023)
    kon01 = IndicatorVersion.objects.get(edition=edition, indicator__code="KON01")
    assert [q.code for q in kon01.questions.all()] == ["KON_PLAN"]
    assert sorted(a.code for a in kon01.activities.all()) == ["hemtjanst", "sabo"]
    assert Question.objects.get(code="KON_PLAN").evidence is True
    assert Event.objects.get(action="catalogue.edition_loaded").actor == nadia


def test_loading_the_same_file_again_changes_nothing(tmp_path):
    path = write(tmp_path, EDITION)
    services.load_edition(path=path)
    first = Edition.objects.get().pk
    assert services.load_edition(path=path).status == "unchanged"
    assert Edition.objects.get().pk == first


def test_a_changed_file_replaces_the_edition(tmp_path):
    services.load_edition(path=write(tmp_path, EDITION))
    changed = copy.deepcopy(EDITION)
    changed["indicators"][0]["title"] = text("Ny titel", "New title")
    assert services.load_edition(path=write(tmp_path, changed)).status == "replaced"
    assert IndicatorVersion.objects.get(indicator__code="KON01").title_sv == "Ny titel"


def broken_edition():
    data = copy.deepcopy(EDITION)
    data["questions"][0]["kind"] = "yes-no"
    data["indicators"][0]["sensitivity"] = "secret"
    data["indicators"][0]["formula"]["met"] = {"is": ["KON_PLANS", "ja"]}
    data["indicators"][1]["classification"] = {"method": "thresholds", "green": 40, "yellow": 60}
    data["indicators"][1]["colour"] = "red"
    return data


def test_an_invalid_file_reports_every_error_and_loads_nothing(tmp_path):
    path = write(tmp_path, broken_edition())
    with pytest.raises(services.EditionInvalid) as caught:
        services.load_edition(path=path)
    lines = "\n".join(caught.value.lines())
    assert "question KON_PLAN: kind: 'yes-no' is not one of" in lines
    assert "indicator KON01: sensitivity: must be one of" in lines
    assert "indicator KON01: formula.met.is[0]: unknown question 'KON_PLANS'" in lines
    assert "indicator KON02: classification: higher is better, so green must be ≥ yellow" in lines
    assert "indicator KON02: colour: unknown field" in lines
    assert all(line.startswith(str(path)) for line in caught.value.lines())
    assert not Edition.objects.exists()


def test_yaml_syntax_errors_name_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("edition: 2023\ntitle: {sv: [unclosed\n")
    with pytest.raises(services.EditionInvalid) as caught:
        services.load_edition(path=path)
    assert "line 2" in caught.value.lines()[0]


def test_a_revision_must_say_whether_it_is_comparable(tmp_path):
    services.load_edition(path=write(tmp_path, EDITION, "2023.yaml"))
    later = copy.deepcopy(EDITION)
    later["edition"] = 2024
    later["indicators"][1]["comparable_with_previous"] = False  # no change note
    later["indicators"].append(copy.deepcopy(later["indicators"][1]))
    later["indicators"][2]["code"] = "KON09"
    later["indicators"][2]["comparable_with_previous"] = True  # 2023 has no KON09
    with pytest.raises(services.EditionInvalid) as caught:
        services.load_edition(path=write(tmp_path, later, "2024.yaml"))
    lines = "\n".join(caught.value.lines())
    assert "indicator KON01: comparable_with_previous: required" in lines
    assert "indicator KON02: change_note: needs exactly the keys sv and en" in lines
    assert "indicator KON09: comparable_with_previous: the previous edition has no such" in lines
    assert Edition.objects.count() == 1


def test_the_command_checks_and_loads_and_fails_loudly(tmp_path):
    good, bad = write(tmp_path, EDITION, "good.yaml"), write(tmp_path, broken_edition(), "b.yaml")
    out = StringIO()
    call_command("load_catalogue", "--check", str(good), stdout=out)
    assert "checked (2 indicators, 2 questions)" in out.getvalue()
    assert not Edition.objects.exists()
    err = StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command("load_catalogue", str(good), str(bad), stdout=out, stderr=err)
    assert "unknown question 'KON_PLANS'" in err.getvalue()
    assert Edition.objects.get().year == 2023  # the good file loaded, the bad one did not


def test_a_question_can_be_asked_only_if_another_answer_holds(tmp_path):
    data = copy.deepcopy(EDITION)
    data["questions"].append(
        {
            "code": "KON_PARTS",
            "area": "B",
            "kind": "multiple_choice",
            "text": text("Vad innehåller planen?", "What does the plan contain?"),
            "activities": ["sabo"],
            "choices": [
                {"code": "reserv", "label": text("Reservrutin")},
                {"code": "kontakt", "label": text("Kontaktuppgifter")},
            ],
            "asked_if": {"is": ["KON_PLAN", "ja"]},
        }
    )
    services.load_edition(path=write(tmp_path, data))
    assert Question.objects.get(code="KON_PARTS").asked_if == {"is": ["KON_PLAN", "ja"]}
    data["questions"][2]["asked_if"] = {"is": ["KON_UNITS", "ja"]}
    with pytest.raises(services.EditionInvalid) as caught:
        services.load_edition(path=write(tmp_path, data))
    assert (
        "question KON_PARTS: asked_if.is: is cannot test a share question"
        in caught.value.lines()[0]
    )


def test_the_admin_shows_the_catalogue_read_only(client, tmp_path, nadia):
    services.load_edition(path=write(tmp_path, EDITION))
    client.force_login(nadia)
    assert "KON01" in client.get("/admin/catalogue/indicatorversion/").content.decode()
    assert client.get("/admin/catalogue/edition/add/").status_code == 403
    version = IndicatorVersion.objects.get(indicator__code="KON01")
    change = client.post(
        f"/admin/catalogue/indicatorversion/{version.pk}/change/", {"title_sv": "x"}
    )
    assert change.status_code == 403
