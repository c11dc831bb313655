"""What a continuity-plan upload is, judged by its content and never by its name.

PDF, DOCX and ODT are accepted. A PDF must start with the PDF signature, end with an
end-of-file marker after a cross-reference and must not be encrypted; a DOCX or ODT must be
an intact, unencrypted ZIP with the parts its format requires. The name's extension (the
declared type) must match what the content is. Pure functions over bytes.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

#: The declared type of each accepted extension.
EXTENSIONS = {"pdf": PDF, "docx": DOCX, "odt": ODT}
NAMES = {PDF: "PDF", DOCX: "DOCX", ODT: "ODT"}
_ENCRYPT = re.compile(rb"/Encrypt\s*[\d<]")


@dataclass(frozen=True)
class Document:
    content_type: str
    extension: str


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def sniff(data: bytes) -> str | None:
    """The content type the bytes are (PDF, DOCX or ODT), or None for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
    except (zipfile.BadZipFile, RuntimeError, ValueError, EOFError):
        return None
    return None


def _check_pdf(data: bytes) -> None:
    tail = data[-2048:]
    if b"%%EOF" not in tail or b"startxref" not in data[-4096:]:
        raise _refuse(_("The PDF file is damaged or incomplete. Save it again and upload it."))
    if _ENCRYPT.search(data):
        raise _refuse(
            _("The PDF file is encrypted or password protected. Upload a copy without a password.")
        )


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if any(info.flag_bits & 0x1 for info in archive.infolist()):
                raise _refuse(
                    _("The file is encrypted or password protected. Upload it without a password.")
                )
            if archive.testzip() is not None:
                raise _refuse(_("The file is damaged. Save it again and upload it."))
    except (zipfile.BadZipFile, RuntimeError, ValueError, EOFError) as error:
        raise _refuse(_("The file is damaged. Save it again and upload it.")) from error


def check_document(data: bytes, name: str, *, max_bytes: int) -> Document:
    """The accepted document, or a ValidationError on `file` saying what is wrong."""
    if not data:
        raise _refuse(_("The file is empty."))
    if len(data) > max_bytes:
        raise _refuse(
            _("The file is too large: at most %(mb)s MB.") % {"mb": round(max_bytes / 1048576, 1)}
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    declared = EXTENSIONS.get(extension)
    if declared is None:
        raise _refuse(_("Upload the plan as a PDF, DOCX or ODT file."))
    actual = sniff(data)
    if actual != declared:
        raise _refuse(
            _("The file is named as %(declared)s but its content is not a %(declared)s file.")
            % {"declared": NAMES[declared]}
        )
    if actual == PDF:
        _check_pdf(data)
    else:
        _check_zip(data)
    return Document(content_type=actual, extension=extension)
