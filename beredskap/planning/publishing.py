"""A direction version as a document: the PDF of what the reader may see.

The PDF shows the same items as the version's page (`queries.items`): restricted
assumptions only for signed-in users at a municipality, a county board or Socialstyrelsen
(`registry.access.may_see_restricted_assumptions`). A PDF that holds restricted
assumptions is an export of non-public data, so it leaves an audit row.
"""

from django.template.loader import render_to_string
from django.utils import translation

from beredskap import audit
from beredskap.documents.pdf import html_to_pdf

from . import queries
from .models import Direction, Sensitivity


def direction_html(*, direction: Direction, user, address: str) -> tuple[str, int]:
    """The PDF's HTML in the active language, and how many restricted assumptions it holds."""
    found = queries.items(direction, user)
    html = render_to_string(
        "planning/pdf/direction.html",
        {
            "direction": direction,
            "items": found,
            "previous": queries.previous_version(direction),
            "address": address,
            "language": (translation.get_language() or "sv")[:2],
        },
    )
    restricted = sum(1 for a in found.assumptions if a.sensitivity == Sensitivity.RESTRICTED)
    return html, restricted


def direction_pdf(*, direction: Direction, by, address: str) -> bytes:
    """The version as a tagged PDF for the user `by` (audited when it holds restricted items)."""
    html, restricted = direction_html(direction=direction, user=by, address=address)
    content = html_to_pdf(html)
    if restricted:
        audit.record(
            actor=by,
            action="planning.direction_exported",
            target=direction,
            format="pdf",
            restricted_assumptions=restricted,
        )
    return content
