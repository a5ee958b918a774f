"""Asking a Python interpreter, once, what it has installed and what its marker environment is."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from packaging.utils import canonicalize_name

from hms_status.environment.check import CheckContext

# Runs inside the component's interpreter (any Python >= 3.8, without packaging installed).
# The working directory is dropped from sys.path so the component's own *.egg-info or
# *.dist-info folders do not pass for installed distributions.
PROBE_SCRIPT = """
import json, os, platform, sys
sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd())]
from importlib import metadata
def full(info):
    text = "%d.%d.%d" % (info.major, info.minor, info.micro)
    if info.releaselevel != "final":
        text += info.releaselevel[0] + str(info.serial)
    return text
markers = {
    "implementation_name": sys.implementation.name,
    "implementation_version": full(sys.implementation.version),
    "os_name": os.name,
    "platform_machine": platform.machine(),
    "platform_release": platform.release(),
    "platform_system": platform.system(),
    "platform_version": platform.version(),
    "python_full_version": platform.python_version(),
    "platform_python_implementation": platform.python_implementation(),
    "python_version": ".".join(platform.python_version_tuple()[:2]),
    "sys_platform": sys.platform,
}
dists = []
for dist in metadata.distributions():
    name = dist.metadata["Name"]
    if name:
        dists.append([name, dist.version])
json.dump({"executable": sys.executable, "markers": markers, "distributions": dists}, sys.stdout)
"""


@dataclass(frozen=True)
class InstalledPython:
    """What one interpreter reports: its marker environment and installed distributions."""

    executable: str
    markers: dict[str, str]
    distributions: dict[str, str] = field(default_factory=dict)
    """Canonical name -> version; the first found on sys.path wins, as for imports."""

    @property
    def version(self) -> str:
        """The interpreter's full Python version."""
        return self.markers.get("python_full_version", "?")


@dataclass(frozen=True)
class ProbeFailure:
    """Why an interpreter could not be asked; timed_out and not_found tell the two usual cases."""

    message: str
    timed_out: bool = False
    not_found: bool = False


def _decode(text: str) -> InstalledPython:
    data = json.loads(text)
    dists: dict[str, str] = {}
    for name, version in data["distributions"]:
        dists.setdefault(canonicalize_name(str(name)), str(version))
    markers = {str(k): str(v) for k, v in data["markers"].items()}
    return InstalledPython(str(data["executable"]), markers, dists)


def probe(ctx: CheckContext, python: Path) -> InstalledPython | ProbeFailure:
    """Run the probe script with python, within the check's time budget."""
    result = ctx.run([python, "-c", PROBE_SCRIPT])
    if result.timed_out or result.not_found:
        message = f"{python}: {result.error_text}"
        return ProbeFailure(message, timed_out=result.timed_out, not_found=result.not_found)
    if not result.ok:
        tail = result.error_text.splitlines()[-1:] or [""]
        return ProbeFailure(f"{python} exited with status {result.returncode}: {tail[0]}")
    try:
        return _decode(result.text)
    except (ValueError, KeyError, TypeError) as exc:
        return ProbeFailure(f"{python} gave an unreadable answer: {exc}")
