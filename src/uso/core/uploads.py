"""Checking uploaded documents by their content, not only by their name, and by size."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Office files are zip packages; the part that only that kind of package has tells them apart.
OFFICE_PARTS = {
    "docx": "word/document.xml",
    "pptx": "ppt/presentation.xml",
    "xlsx": "xl/workbook.xml",
}
# OpenDocument packages name their type in the `mimetype` part.
OPEN_DOCUMENT_TYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "odp": b"application/vnd.oasis.opendocument.presentation",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
EXTENSIONS = {"pdf", *OFFICE_PARTS, *OPEN_DOCUMENT_TYPES}


def max_upload_bytes() -> int:
    return settings.MAX_DOCUMENT_UPLOAD_MB * 1024 * 1024


IMAGE_SIGNATURES = {"png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",)}


def attachment_format(upload, *, limit_mb: int) -> str:
    """An attachment's real format: a document (see `document_format`) or a PNG or JPEG image,
    at most `limit_mb` megabytes."""
    return document_format(upload, limit=limit_mb * 1024 * 1024, images=True)


def document_format(upload, *, limit: int | None = None, images: bool = False) -> str:
    """The file's real format from its content: pdf, docx, pptx, xlsx, odt, odp or ods (and
    png or jpg when `images`).

    Raises ValidationError with a message that says what is wrong."""
    limit = limit or max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    name = (upload.name or "").lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    extension = "jpg" if extension == "jpeg" else extension
    if extension not in EXTENSIONS and not (images and extension in IMAGE_SIGNATURES):
        raise ValidationError(
            _(
                "This type of file is not accepted. Choose PDF, Word, PowerPoint, Excel, "
                "their OpenDocument versions, or a PNG or JPEG image."
            )
            if images
            else _(
                "This type of file is not accepted. Choose PDF, Word, PowerPoint or Excel "
                "(or their OpenDocument versions)."
            ),
            code="extension",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    picture = next(
        (kind for kind, signs in IMAGE_SIGNATURES.items() if head.startswith(signs)), None
    )
    if images and picture:
        actual = picture
    elif head.startswith(b"%PDF-"):
        actual = "pdf"
    elif head.startswith(b"PK\x03\x04"):
        actual = _office_format(upload)
    else:
        actual = ""
    upload.seek(0)
    if actual != extension:
        raise ValidationError(
            _("The file's content is not a %(format)s file, though its name says so.")
            % {"format": extension.upper()},
            code="content",
        )
    return actual


def _office_format(upload) -> str:
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            mimetype = package.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return ""
    for kind, part in OFFICE_PARTS.items():
        if part in names:
            return kind
    for kind, declared in OPEN_DOCUMENT_TYPES.items():
        if mimetype == declared:
            return kind
    return ""
