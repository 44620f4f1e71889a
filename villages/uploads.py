"""Files people upload (a village's regulations, assessment evidence): what kinds are taken, how they are served.

An upload is taken only as one of the kinds it is for, judged by its content (its first bytes) as well as its
name: a PDF, a JPEG or a PNG photo of a paper. An HTML or SVG page renamed to .pdf is refused, so that no
upload can carry script to its readers. `serve` hands a stored file back as an attachment, with the type
its content shows (anything else as application/octet-stream) and `X-Content-Type-Options: nosniff`, so
that even a file stored before these checks is never shown inline by the browser.
"""

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# kind: (content type, the bytes its content starts with, the names it may have)
KINDS = {
    "pdf": ("application/pdf", b"%PDF-", (".pdf",)),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff", (".jpg", ".jpeg")),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n", (".png",)),
}
DOCUMENTS_AND_PHOTOS = ("pdf", "jpeg", "png")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def sniff(file) -> str | None:
    """The kind the file's content shows, or None."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(16)
    finally:
        file.seek(position)
    for kind, (_content_type, magic, _suffixes) in KINDS.items():
        if head.startswith(magic):
            return kind
    return None


@deconstructible
class UploadKinds:
    """A model field's validator: a new upload is one of `kinds` by content and name, and not too large.
    A file already stored is left alone (it is served as an attachment all the same)."""

    def __init__(self, kinds=DOCUMENTS_AND_PHOTOS, max_bytes=MAX_UPLOAD_BYTES):
        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes

    def __call__(self, value):
        if not value or getattr(value, "_committed", True):
            return
        names = "、".join(suffix for kind in self.kinds for suffix in KINDS[kind][2])
        if value.size > self.max_bytes:
            raise ValidationError(_("The file is too large (%(size)s): at most %(limit)s.")
                                  % {"size": filesizeformat(value.size), "limit": filesizeformat(self.max_bytes)},
                                  code="too_large")
        kind = sniff(value.file)
        if kind not in self.kinds or not value.name.lower().endswith(KINDS[kind][2]):
            raise ValidationError(_("Upload a PDF or a photo (JPEG, PNG) of the paper: a file ending in %(names)s "
                                    "whose content is of that kind.") % {"names": names}, code="kind")

    def __eq__(self, other):
        return isinstance(other, UploadKinds) and (self.kinds, self.max_bytes) == (other.kinds, other.max_bytes)


def serve(field_file) -> FileResponse:
    """A stored upload as a download: never inline, never sniffed into HTML."""
    with field_file.open("rb") as stored:
        kind = sniff(stored)
    content_type = KINDS[kind][0] if kind else "application/octet-stream"
    response = FileResponse(field_file.open("rb"), as_attachment=True, content_type=content_type,
                            filename=field_file.name.rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    # Were it ever opened in the browser all the same, it could run nothing and reach nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
