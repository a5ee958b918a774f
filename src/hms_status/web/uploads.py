"""Test reports uploaded as multipart/form-data: checked, saved to a private temp directory,
and recorded by the tracker from those files, so every refusal of `tracker test --junit`
(malformed XML, entity expansion, DOCTYPEs, too many cases, an unknown format) applies.

The form: one or more files in the field ``reports``, and optionally ``success`` (true or
false), ``duration_ms`` (a whole number) and ``commit`` (7 to 64 hex digits). Any other
field is refused, like an unknown JSON key. Messages name the uploaded file, never the
server's temp path.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fastapi.exceptions import RequestValidationError
from starlette.datastructures import FormData, UploadFile

from hms_status.errors import HmsError
from hms_status.foundation.workspace import Workspace
from hms_status.services.tracking import Recorded, record_test_run

REPORTS = "reports"
SUCCESS = "success"
DURATION = "duration_ms"
COMMIT = "commit"
MAX_REPORT_FILES = 100
MAX_FORM_FIELDS = 10
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_NAME = 100


@dataclass(frozen=True)
class ReportUpload:
    """A checked upload form: the report files and the optional fields."""

    files: tuple[UploadFile, ...]
    success: bool | None = None
    duration_ms: int | None = None
    commit: str | None = None


def _refused(field: str, message: str, kind: str = "value_error") -> RequestValidationError:
    return RequestValidationError([{"loc": ("body", field), "msg": message, "type": kind}])


def _flag(value: str) -> bool:
    if value not in ("true", "false"):
        raise _refused(SUCCESS, f"must be true or false, got {value[:20]!r}")
    return value == "true"


def _whole(value: str) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise _refused(DURATION, f"must be a whole number of ms, got {value[:20]!r}")
    return int(value)


def checked_form(form: FormData) -> ReportUpload:
    """The form's reports and fields; a 422 naming the field for anything else."""
    files: list[UploadFile] = []
    fields: dict[str, str] = {}
    for key, value in form.multi_items():
        if key == REPORTS and isinstance(value, UploadFile):
            files.append(value)
        elif key == REPORTS:
            raise _refused(REPORTS, "must be files (multipart parts with a filename)")
        elif key in (SUCCESS, DURATION, COMMIT) and isinstance(value, str) and key not in fields:
            fields[key] = value.strip()
        else:
            raise _refused(
                key,
                f"is not a field of this form (use {REPORTS}, {SUCCESS}, {DURATION}, {COMMIT})",
            )
    if not files:
        raise _refused(REPORTS, "needs at least one report file", "missing")
    success = _flag(fields[SUCCESS]) if SUCCESS in fields else None
    duration = _whole(fields[DURATION]) if DURATION in fields else None
    return ReportUpload(tuple(files), success, duration, fields.get(COMMIT) or None)


def shown_name(upload: UploadFile, index: int) -> str:
    """The upload's file name as the report is saved and named: its last part, plain."""
    raw = (upload.filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _SAFE_NAME.sub("_", raw).strip("._")[:_MAX_NAME]
    return name or f"report-{index + 1}.xml"


def _save(folder: Path, uploads: Sequence[UploadFile]) -> list[Path]:
    paths = []
    for index, upload in enumerate(uploads):
        target = folder / str(index) / shown_name(upload, index)
        target.parent.mkdir(mode=0o700)
        upload.file.seek(0)
        with target.open("wb") as out:
            shutil.copyfileobj(upload.file, out)
        paths.append(target)
    return paths


def record_uploaded_run(ws: Workspace, component_id: str, upload: ReportUpload) -> Recorded:
    """Save the reports to a private temp directory and record the run from them."""
    with tempfile.TemporaryDirectory(prefix="hms-upload-") as tmp:
        paths = _save(Path(tmp), upload.files)
        try:
            return record_test_run(
                ws, component_id, upload.success, None, paths, upload.duration_ms, upload.commit
            )
        except HmsError as exc:
            raise _without_folder(exc, tmp) from None


def _without_folder(exc: HmsError, folder: str) -> HmsError:
    """The same error, naming the uploaded files instead of their temp paths."""
    if folder not in exc.message and folder not in (exc.hint or ""):
        return exc
    inside = re.compile(re.escape(folder) + r"/\d+/")
    message = inside.sub("", exc.message)
    hint = inside.sub("", exc.hint) if exc.hint else None
    return type(exc)(message, hint)
