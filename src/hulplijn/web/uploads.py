"""The only upload handler (``FILE_UPLOAD_HANDLERS``): uploaded files stay in memory and never
touch the disk, as the upload pages promise ("the file is read once and not kept").

Django's default handlers write any file over ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary
file first. This handler instead

- refuses a request whose body is larger than ``HULPLIJN_MAX_REQUEST_BYTES`` before reading any
  of it (``RequestDataTooBig``: the site's 400 page);
- keeps each file in memory up to ``HULPLIJN_MAX_UPLOAD_BYTES``; the bytes of a larger file are
  counted and dropped as they arrive, and the form gets an :class:`OversizedUpload` (its size,
  no content) that the upload forms refuse beside the field: "The file is too large (25 MB; at
  most 20 MB)". The rest of the form (its other fields, the CSRF token) is read as usual.

A request thus holds at most ``HULPLIJN_MAX_REQUEST_BYTES`` in memory, and nothing on disk.
"""

from __future__ import annotations

import io
import os
from io import UnsupportedOperation

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers


class OversizedUpload(UploadedFile):
    """A file that was larger than the limit: its name and size, none of its content."""

    oversized = True

    def __init__(self, name: str, size: int, field_name: str, content_type: str | None):
        super().__init__(io.BytesIO(b""), name, content_type, size)
        self.field_name = field_name

    def read(self, *args, **kwargs) -> bytes:
        raise ValueError(f"{self.name} was not kept: it is larger than the upload limit")

    def chunks(self, chunk_size=None):
        raise ValueError(f"{self.name} was not kept: it is larger than the upload limit")


class MemoryOnlyUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = settings.HULPLIJN_MAX_UPLOAD_BYTES
        # as Django's memory handler: a seekable stream (ASGI) says its real length
        stream = getattr(input_data, "_stream", input_data)
        try:
            length = stream.seek(0, os.SEEK_END)
        except (UnsupportedOperation, AttributeError, OSError):
            length = content_length  # WSGI: the stream enforces Content-Length
        else:
            stream.seek(0)
        if length is not None and length > settings.HULPLIJN_MAX_REQUEST_BYTES:
            raise RequestDataTooBig(
                "Request body exceeded settings.HULPLIJN_MAX_REQUEST_BYTES (upload too large)."
            )
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file: io.BytesIO | None = io.BytesIO()
        self.received = 0
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.file is not None and self.received > self.limit:
            self.file = None  # over the limit: what was kept is let go, the rest not kept
        if self.file is not None:
            self.file.write(raw_data)
        return None  # no other handler gets the bytes

    def file_complete(self, file_size: int) -> UploadedFile:
        if self.file is None:
            return OversizedUpload(self.file_name, file_size, self.field_name, self.content_type)
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
