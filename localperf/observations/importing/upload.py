"""What a run starts from: the file's bytes (read no further than one past the size limit,
which ``parse`` then refuses, naming it), its format by its first bytes, and the batch's
texts made fit for PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from localperf.observations.importing.limits import import_limits
from localperf.observations.importing.sdmx import is_sdmx_csv
from localperf.observations.models import ImportFormat

FileInput = bytes | str | Path | BinaryIO


def upload_read(file: FileInput, file_name: str) -> tuple[bytes, str]:
    """The file's bytes, never more than one past the size limit (which ``parse_file``
    then refuses, naming it)."""
    most = import_limits().max_bytes + 1
    if isinstance(file, bytes):
        return file, Path(file_name).name
    if isinstance(file, str | Path):
        with Path(file).open("rb") as stream:
            return stream.read(most), Path(file_name or file).name
    name = file_name or getattr(file, "name", "") or ""
    return file.read(most), Path(name).name


def format_of(content: bytes) -> str:
    if content[:4] == b"PK\x03\x04":
        return ImportFormat.XLSX
    first_line = content[:200].split(b"\n", 1)[0].decode("utf-8", errors="replace")
    return ImportFormat.SDMX_CSV if is_sdmx_csv(first_line) else ImportFormat.CSV


def clean_text(text: str) -> str:
    """PostgreSQL text cannot hold NUL."""
    return text.replace("\x00", "\ufffd")


def is_user(user) -> bool:
    """A signed-in user (the command line and tasks may run with none)."""
    return user is not None and getattr(user, "is_authenticated", False)
