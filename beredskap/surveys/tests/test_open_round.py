"""Opening a round from the command line, pre-filled from last year."""

import pytest
from django.core.management import CommandError, call_command

from beredskap.catalogue.tests.factories import load_small_edition
from beredskap.surveys import services
from beredskap.surveys.models import Answer, Round

from .conftest import complete

pytestmark = pytest.mark.django_db


def test_open_round_prefills_every_untouched_draft(capsys, tmp_path, uppsala, anna, alva, bengt):
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    services.approve_response(response=uppsala, by=bengt)
    load_small_edition(tmp_path, 2026, follows_previous=True)
    call_command("open_round", "2026", "--deadline", "2026-03-15", "--opens-on", "2026-01-19")
    output = capsys.readouterr().out
    assert "Opened round 2026: 290 responses." in output
    assert "Pre-filled 1 responses" in output
    prefilled = Answer.objects.filter(response__round__year=2026)
    assert prefilled.count() == 6 and all(a.prefilled for a in prefilled)
    assert set(prefilled.values_list("response__municipality__code", flat=True)) == {"0380"}


@pytest.mark.parametrize(
    "args, message",
    [
        (["2030", "--deadline", "2030-03-15"], "No catalogue edition 2030"),
        (["2025", "--deadline", "15/3"], "Not a date"),
        (["2025", "--deadline", "2025-03-15"], "redan en omgång|already exists"),
    ],
)
def test_open_round_refuses_bad_input_clearly(survey_round, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("open_round", *args)
    assert Round.objects.count() == 1
