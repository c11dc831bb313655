from django.core.management.base import BaseCommand, CommandError

from beredskap.library import digest
from beredskap.notices.commands import DEFAULT_BASE_URL


class Command(BaseCommand):
    help = (
        "E-mail the weekly digest of what changed in the knowledge library to those who "
        "asked for it (at most once a week each; nothing new, no e-mail). Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=DEFAULT_BASE_URL,
            help=f"Site address for links in the e-mails (default: {DEFAULT_BASE_URL}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would get one; send nothing."
        )

    def handle(self, *args, base_url: str, dry_run: bool, **options):
        if not base_url.startswith(("http://", "https://")):
            raise CommandError(f"--base-url must start with http:// or https://: {base_url!r}")
        run = digest.send_digests(base_url=base_url, dry_run=dry_run)
        verb = "would send" if dry_run else "sent"
        names = f" ({', '.join(run.sent)})" if run.sent else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Library digest: {verb} {len(run.sent)}{names}, not due {run.not_due}, "
                f"nothing new {run.nothing_new}."
            )
        )
