"""HTML to PDF with WeasyPrint: A4 pages numbered "n / total", tagged, nothing fetched.

The PDF is tagged (headings, tables and figures for screen readers). A document embeds
everything it shows (figures as inline SVG, styles in the page), so the URL fetcher
refuses every URL: nothing is fetched while rendering, whatever people wrote.
"""

import logging

# WeasyPrint logs each rendering step at INFO; a document's progress is its maker's.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

#: The page and its numbers; a document's own CSS adds running heads and the rest.
PAGE_CSS = """
@page {
  size: A4;
  margin: 22mm 18mm 20mm 18mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555555; }
}
"""


def refuse(url: str, *args, **kwargs):
    """The URL fetcher: a document embeds everything it shows, so nothing is fetched."""
    raise ValueError(f"Documents fetch nothing; refused {url[:80]}")


def html_to_pdf(html: str) -> bytes:
    """The HTML (with its styles inline) as a tagged PDF on numbered A4 pages."""
    import weasyprint  # heavy: only where PDFs are made

    document = weasyprint.HTML(string=html, url_fetcher=refuse, base_url="/")
    page = weasyprint.CSS(string=PAGE_CSS)
    return document.write_pdf(stylesheets=[page], pdf_tags=True)
