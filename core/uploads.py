"""Files people upload: a scanned form is a PDF, JPEG or PNG, and not larger than a limit. The
type is read from the file's first bytes, not trusted from its name or the browser."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# The first bytes of each accepted type, and the extension the file is stored under.
SIGNATURES = {
    b"%PDF-": "pdf",
    b"\xff\xd8\xff": "jpg",
    b"\x89PNG\r\n\x1a\n": "png",
}


def checked_document(upload: UploadedFile, *, max_bytes: int) -> str:
    """The extension to store the upload under, or a ValidationError saying what is wrong."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty: scan the signed form again."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _(
                "The file is %(size)s; at most %(most)s is accepted. Scan at a lower "
                "resolution, or as a PDF."
            )
            % {"size": _size(size), "most": _size(max_bytes)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, extension in SIGNATURES.items():
        if head.startswith(signature):
            return extension
    raise ValidationError(
        _("Only a PDF, JPEG or PNG scan of the signed form is accepted."), code="wrong_type"
    )


def _size(n: int) -> str:
    if n >= 1_048_576:
        return f"{n / 1_048_576:.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(n / 1024))} KB"
