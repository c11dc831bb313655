"""HTML to PDF: numbered A4 pages, and nothing fetched while rendering."""

import io

import pypdfium2
import pytest

from beredskap.documents.pdf import html_to_pdf, refuse

PAGES = "<p>Ett</p><p style='break-before: page'>Två</p>"


def test_pages_are_a4_and_numbered():
    document = pypdfium2.PdfDocument(io.BytesIO(html_to_pdf(f"<html lang=sv>{PAGES}</html>")))
    assert len(document) == 2
    width, height = document[1].get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert "2 / 2" in document[1].get_textpage().get_text_range()


def test_the_url_fetcher_refuses_every_url():
    with pytest.raises(ValueError, match="fetch nothing"):
        refuse("http://example.org/x.png")
