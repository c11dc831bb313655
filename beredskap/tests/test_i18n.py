"""The Swedish translation is complete and its compiled catalogue is up to date."""

import gettext
from pathlib import Path

import polib
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[1] / "locale" / "sv" / "LC_MESSAGES"


def test_every_message_has_a_swedish_translation():
    po = polib.pofile(str(LOCALE / "django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def test_the_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(LOCALE / "django.po"))
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    def compiled_matches(entry) -> bool:
        context = entry.msgctxt  # pgettext's context, e.g. "open data value"
        if entry.msgid_plural:
            args = (entry.msgid, entry.msgid_plural)
            forms = (
                compiled.npgettext(context, *args, n) if context else compiled.ngettext(*args, n)
                for n in (1, 2)
            )
            return list(forms) == [entry.msgstr_plural[0], entry.msgstr_plural[1]]
        if context:
            return compiled.pgettext(context, entry.msgid) == entry.msgstr
        return compiled.gettext(entry.msgid) == entry.msgstr

    stale = [e.msgid for e in po.translated_entries() if not compiled_matches(e)]
    assert stale == [], "run `uv run beredskap compilemessages` after editing django.po"


def test_django_uses_the_swedish_catalogue():
    with translation.override("sv"):
        assert translation.gettext("Sign out") == "Logga ut"
    with translation.override("en"):
        assert translation.gettext("Sign out") == "Sign out"
