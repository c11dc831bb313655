"""The main pages in Swedish say things in words: no "fråga/frågor" or "svar(en)" plurals,
no English month names, and no internal activity or question codes where a name exists.

One round with data is rendered for every role of the cast (home, questionnaire with its
submit blockers and an answer's history, review, board, internal and public results,
reports, deadlines, support log) and the text a person sees or hears (text nodes and the
aria-label, title and alt attributes) is checked.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from beredskap.catalogue.models import Activity, Question
from beredskap.publication import services as publication
from beredskap.registry.models import County, Municipality
from beredskap.reporting import services as reporting
from beredskap.results import services as results
from beredskap.support import services as support
from beredskap.surveys.models import Response
from beredskap.surveys.tests.conftest import answer, complete
from beredskap.tests.cast import stand_in

pytestmark = pytest.mark.django_db

ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.?"
)
#: "frågor(na)", "kommun(er)", "svar(en)": a word with its plural ending in brackets.
BRACKET_PLURAL = re.compile(r"\w\((s|e|a|n|r|er|or|ar|na|en|erna|orna|arna)\)", re.IGNORECASE)
SLASH_PAIR = re.compile(r"\b(\w+)/(\w+)\b")


def _shared_start(first: str, second: str) -> int:
    """How many letters two words share at their start."""
    length = min(len(first), len(second))
    pairs = zip(first[:length], second[:length], strict=True)
    return next((i for i, (a, b) in enumerate(pairs) if a != b), length)


def slash_plurals(text: str) -> list[str]:
    """Pairs like "fråga/frågor" or "kommun/kommuner": two forms of one word (a shared
    stem of three letters or more), not "ja/nej" or "A/B"."""
    found = []
    for first, second in SLASH_PAIR.findall(text):
        shared = _shared_start(first.lower(), second.lower())
        if shared >= 3 and first.lower() != second.lower() and not first.isdigit():
            found.append(f"{first}/{second}")
    return found


class SeenText(HTMLParser):
    """The text of a page a person sees or a screen reader says: text nodes outside script
    and style, and the aria-label, title and alt attributes."""

    SPOKEN = ("aria-label", "title", "alt", "placeholder")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        self.parts += [value for name, value in attrs if name in self.SPOKEN and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())


def wording_problems(text: str, codes: set[str]) -> list[str]:
    problems = [f"month {m.group(0)!r}" for m in ENGLISH_MONTHS.finditer(text)]
    problems += [f"plural {m.group(0)!r}" for m in BRACKET_PLURAL.finditer(text)]
    problems += [f"plural {pair!r}" for pair in slash_plurals(text)]
    words = set(re.findall(r"[\w]+", text))
    problems += [f"code {code!r}" for code in sorted(codes & words)]
    return problems


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3 fråga/frågor behöver åtgärdas", ["plural 'fråga/frågor'"]),
        ("kommun/kommuner", ["plural 'kommun/kommuner'"]),
        ("ja/nej, 2/4 enheter", []),
        ("svar(en) och fråga(n)", ["plural 'r(en)'", "plural 'a(n)'"]),
        ("25 Feb 2026 och 3 May", ["month 'Feb'", "month 'May'"]),
        ("25 feb. 2026, 3 maj 2026", []),
        ("Historik – GOV_REGIME (sabo)", ["code 'GOV_REGIME'", "code 'sabo'"]),
    ],
)
def test_the_checks_catch_what_they_are_meant_to(text, expected):
    assert wording_problems(text, {"GOV_REGIME", "sabo"}) == expected


def _approved(code: str) -> None:
    response = Response.objects.get(round__year=2025, municipality__code=code)
    complete(response, stand_in("respondent", municipality=code))
    Response.objects.filter(pk=response.pk).update(
        status=Response.Status.APPROVED, first_submitted_at=timezone.now()
    )


@pytest.fixture
def round_with_data(survey_round, uppsala, anna, alva, bengt, nadia):
    """Uppsala half answered (so its submit lists blockers), Enköping submitted for review,
    Stockholm, Tierp and Håbo approved; results computed and released; one support
    activity logged by the Uppsala board and its report on 2025 started."""
    answer(uppsala, "KON_PLAN", "sabo", "ja", anna)
    answer(uppsala, "KON_PLAN", "hemtjanst", "nej", anna)
    enkoping = Response.objects.get(round__year=2025, municipality__code="0381")
    complete(enkoping, stand_in("respondent", municipality="0381"))
    Response.objects.filter(pk=enkoping.pk).update(
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now(),
        first_submitted_at=timezone.now(),
    )
    for code in ("0180", "0360", "0305"):
        _approved(code)
    for basis in ("approved", "preliminary"):
        results.compute_round(survey_round=survey_round, basis=basis)
    publication.release_round(survey_round=survey_round, by=nadia)
    support.create_activity(
        county=County.objects.get(code="03"),
        by=bengt,
        held_on=datetime.date(2025, 5, 14),
        kind="network",
        title="Nätverksträff om kontinuitet",
        municipalities=Municipality.objects.filter(code__in=["0380", "0381"]),
        participants=12,
    )
    reporting.county_report(County.objects.get(code="03"), 2025, by=bengt)
    return survey_round


def _codes(survey_round) -> set[str]:
    edition = survey_round.edition
    return set(Activity.objects.filter(edition=edition).values_list("code", flat=True)) | set(
        Question.objects.filter(edition=edition).values_list("code", flat=True)
    )


PAGES = {
    "anna": [
        "/",
        "/surveys/",
        "/surveys/2025/0380/",
        "/surveys/2025/0380/answers/KON_PLAN.sabo/",
        "/surveys/2025/0380/answers/KON_PLAN.sabo/history/",
        "/results/2025/",
        "/deadlines/",
    ],
    "bengt": [
        "/",
        "/surveys/2025/board/",
        "/surveys/2025/0381/",
        "/surveys/2025/0381/review/",
        "/results/2025/",
        "/results/2025/municipalities/0380/",
        "/results/2025/indicators/KON01/",
        "/results/2025/counties/03/",
        "/support/",
        "/support/03/",
        "/reports/",
        "/reports/03/2025/",
        "/deadlines/",
    ],
    "karl": ["/", "/reports/", "/deadlines/"],
    "nadia": ["/", "/surveys/", "/results/2025/", "/deadlines/"],
    None: [
        "/",
        "/comparisons/2025/",
        "/comparisons/2025/municipalities/0380/",
        "/comparisons/2025/indicators/KON01/",
        "/comparisons/2025/counties/03/",
        "/open-data/",
    ],
}


def _seen(client, url: str, method: str = "get") -> str:
    response = getattr(client, method)(url, follow=True)
    assert response.status_code in (200, 422), (url, response.status_code)
    return SeenText.of(response.content.decode())


@pytest.mark.parametrize("who", list(PAGES), ids=lambda who: who or "public")
def test_main_pages_in_swedish_speak_in_words(client, round_with_data, karl, who, request):
    codes = _codes(round_with_data)
    if who:
        client.force_login(request.getfixturevalue(who))
    found = {}
    for url in PAGES[who]:
        problems = wording_problems(_seen(client, url), codes)
        if problems:
            found[url] = problems
    assert found == {}


def test_submit_blockers_and_history_name_the_activity(client, round_with_data, alva, anna):
    client.force_login(alva)
    text = _seen(client, "/surveys/2025/0380/submit/", "post")
    assert "frågor behöver åtgärdas" in text and "fråga/frågor" not in text
    assert "(Särskilt boende för äldre)" in text
    assert wording_problems(text, _codes(round_with_data)) == []
    client.force_login(anna)
    text = _seen(client, "/surveys/2025/0380/answers/KON_PLAN.sabo/history/")
    assert "Finns en aktuell kontinuitetsplan? (Särskilt boende för äldre)" in text


def test_dates_are_swedish_short_dates(client, round_with_data, bengt):
    client.force_login(bengt)
    text = _seen(client, "/support/03/")
    assert "14 maj 2025" in text
    text = _seen(client, "/surveys/2025/0381/")
    months = r"(jan\.|feb\.|mars|april|maj|juni|juli|aug\.|sep\.|okt\.|nov\.|dec\.)"
    assert re.search(rf"\d{{1,2}} {months} \d{{4}}", text)


def test_a_passed_deadline_is_not_a_negative_count_of_days_left(client, round_with_data, bengt):
    client.force_login(bengt)
    text = _seen(client, "/surveys/2025/board/")
    assert "Sista svarsdag 15 mars 2025: passerade för" in text
    assert "dagar kvar" not in text


def test_empty_states_say_what_is_true(client, survey_round, bengt):
    client.force_login(bengt)
    text = _seen(client, "/surveys/2025/board/?status=submitted")
    assert "Inga svar väntar på granskning." in text
    text = _seen(client, "/results/2025/municipalities/0380/")
    assert "Ingen indikator för Uppsala har ännu något värde att bedöma" in text
    assert "varje indikator som visas är uppfylld" not in text


def test_the_deadlines_table_does_not_call_every_date_a_deadline(client, round_with_data, karl):
    client.force_login(karl)
    text = _seen(client, "/deadlines/")
    assert "Datum Vad som gäller Status Tid kvar" in text


@pytest.fixture
def real_round(reference, nadia):
    """The shipped 2026 edition (its real activity and question codes: khsv,
    stodboende_barn, GOV_REGIME, …) with an open round."""
    from pathlib import Path

    from beredskap.catalogue import services as catalogue
    from beredskap.surveys import services as surveys

    path = Path(catalogue.__file__).parent / "editions" / "2026.yaml"
    edition = catalogue.load_edition(path=path).edition
    return surveys.open_round(
        year=2026,
        edition=edition,
        opens_on=datetime.date(2026, 1, 20),
        deadline=datetime.date(2026, 3, 15),
        by=nadia,
    )


def test_the_real_questionnaire_and_its_blockers_name_no_codes(client, real_round, anna, alva):
    codes = _codes(real_round)
    assert {"khsv", "sabo", "GOV_REGIME"} <= codes
    response = Response.objects.get(round=real_round, municipality__code="0380")
    answer(response, "GOV_REGIME", "stodboende_barn", "egen_regi", anna)  # a history link
    client.force_login(alva)
    for url, method in (("/surveys/2026/0380/", "get"), ("/surveys/2026/0380/submit/", "post")):
        text = _seen(client, url, method)
        assert wording_problems(text, codes) == [], url
    assert "Kommunal hälso- och sjukvård" in text
    text = _seen(client, "/surveys/2026/0380/answers/GOV_REGIME.stodboende_barn/history/")
    assert wording_problems(text, codes) == []
