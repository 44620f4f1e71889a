"""Where built documents are kept: a private folder, never under MEDIA_ROOT or any public URL.

Files are served only through the scoped download view.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateDocumentStorage(FileSystemStorage):
    """A file system storage rooted at settings.DOCUMENTS_ROOT, read at call time (tests move it)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.DOCUMENTS_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Documents have no public URL; use the download view.")


_storage = PrivateDocumentStorage()


def document_storage() -> PrivateDocumentStorage:
    return _storage
