"""Small documents and registers for the continuity tests."""

import io
import zipfile


def tiny_pdf(*, encrypted: bool = False) -> bytes:
    """A minimal, well-formed one-page PDF (optionally with an encryption dictionary)."""
    encrypt = b"/Encrypt 5 0 R " if encrypted else b""
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
        b"xref\n0 4\n0000000000 65535 f \ntrailer << /Size 4 /Root 1 0 R " + encrypt + b">>\n"
        b"startxref\n9\n%%EOF\n"
    )


def tiny_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def tiny_odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


ALL_ELEMENTS = {
    "has_reserve_routine": True,
    "has_recovery_routine": True,
    "has_return_routine": True,
    "has_contacts": True,
}


def small_register(municipality, by):
    """One unit with two functions: heating (12 h of fuel) and medication rounds (staff)."""
    from beredskap.continuity import services

    unit = services.create_unit(
        municipality=municipality, by=by, name="HVB Björken", activity_code="sabo",
        management="own", people_served=9,
    )  # fmt: skip
    heating = services.create_function(
        unit=unit, by=by, name="Heating of premises", max_tolerable_downtime_hours=4
    )
    services.create_dependency(function=heating, by=by, category="electricity", reserve_hours=12)
    services.create_dependency(function=heating, by=by, category="fuel_transport")
    rounds = services.create_function(
        unit=unit, by=by, name="Medication rounds", max_tolerable_downtime_hours=8
    )
    services.create_dependency(
        function=rounds, by=by, category="staff", minimum_staff=3, staff_available=5
    )
    return unit
