import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from beredskap.catalogue.models import Edition
from beredskap.surveys import services


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = (
        "Open the survey round of a year: a draft response for every municipality, pre-filled "
        "from last year's approved answers where the question is unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--deadline", required=True, help="Last day to submit, YYYY-MM-DD.")
        parser.add_argument("--opens-on", help="Opening date, YYYY-MM-DD (default: today).")
        parser.add_argument("--edition", type=int, help="Catalogue edition (default: the year).")
        parser.add_argument("--no-prefill", action="store_true", help="Start from empty drafts.")

    def handle(self, *args, year, deadline, opens_on, edition, no_prefill, **options):
        edition_year = edition or year
        chosen = Edition.objects.filter(year=edition_year).first()
        if chosen is None:
            loaded = ", ".join(map(str, Edition.objects.values_list("year", flat=True))) or "none"
            raise CommandError(
                f"No catalogue edition {edition_year} is loaded (loaded: {loaded}). "
                "Load it with `beredskap load_catalogue FILE`."
            )
        opens = _date(opens_on) if opens_on else datetime.date.today()
        try:
            survey_round = services.open_round(
                year=year, edition=chosen, opens_on=opens, deadline=_date(deadline), by=None
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Opened round {year}: {survey_round.responses.count()} responses.")
        if not no_prefill:
            filled = services.prefill_round(survey_round=survey_round)
            self.stdout.write(f"Pre-filled {filled} responses from last year's approved answers.")
