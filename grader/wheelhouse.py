"""Pinned dependencies for the Gradescope bundle: exact versions and the wheels that install them offline.

A bundle must grade in week 12 with the library versions that passed ``grader check`` in week 1, and
Gradescope's image build must not depend on what PyPI serves that day.  So the bundle holds

* ``requirements.lock``: every runtime dependency of the grader, ``name==version``, the versions
  installed where the bundle is built (the ones its ``grader check`` ran with);
* ``wheels/``: one wheel per pin and target Python -- pure-Python wheels once, compiled ones
  (numpy, pydantic-core) as manylinux x86_64 wheels for each target CPython version.

``setup.sh`` then runs ``pip install --no-index --find-links wheels -r requirements.lock``: no
network, no compiler, a few seconds.

Wheels come from ``pip download`` (compiled packages, for the target interpreter and platform)
and ``pip wheel`` (pure packages; it builds the few published only as source, e.g. pylatexenc).
They are kept in a cache (``GRADER_WHEEL_CACHE``, default ``~/.cache/nn-grader/wheels``), so a
rebuild is offline and byte-identical once the cache holds them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

# CPython versions Gradescope images run the grader with: 3.11 (setup.sh installs it on the
# Ubuntu 22.04 image, whose own python3 is 3.10) and 3.12 (the Ubuntu 24.04 image's python3).
DEFAULT_PYTHONS = ("3.11", "3.12")
# glibc 2.28 or newer (both images): numpy >= 2.3 publishes manylinux_2_27/2_28 wheels only.
PLATFORMS = ("manylinux_2_28_x86_64", "manylinux_2_27_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64")
CACHE_ENV = "GRADER_WHEEL_CACHE"


from .errors import WheelError  # noqa: F401 -- defined in grader.errors, importable here as before


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    pure: bool  # one py3-none-any wheel serves every Python

    @property
    def requirement(self) -> str:
        return f"{self.name}=={self.version}"


def normalise(name: str) -> str:
    """A distribution name as wheel file names spell it (PEP 427/503)."""
    return re.sub(r"[-_.]+", "_", name).lower()


_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _direct_requirements(project: Path | None) -> list[str]:
    """The grader's own runtime requirements: the checkout's pyproject, else the installed metadata."""
    if project is not None and (project / "pyproject.toml").is_file():
        data = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
        return list(data.get("project", {}).get("dependencies", []))
    return [r for r in (metadata.requires("nn-grader") or []) if "extra ==" not in r.replace("'", '"')]


def _is_pure(dist: metadata.Distribution) -> bool:
    wheel = dist.read_text("WHEEL") or ""
    tags = re.findall(r"^Tag:\s*(\S+)", wheel, re.MULTILINE)
    return "Root-Is-Purelib: true" in wheel and bool(tags) and all(tag.endswith("-none-any") for tag in tags)


def pinned_requirements(project: Path | None) -> list[Pin]:
    """Every runtime dependency, recursively, at the version installed here (sorted by name).

    Requirements that apply only to an extra are left out; a requirement whose environment marker
    excludes this interpreter is left out too (it is not installed here, so no version to pin).
    """
    pins: dict[str, Pin] = {}
    pending = _direct_requirements(project)
    while pending:
        requirement = pending.pop()
        if re.search(r"""extra\s*==""", requirement):
            continue
        match = _NAME.match(requirement)
        if not match:
            continue
        key = normalise(match.group(1))
        if key in pins:
            continue
        try:
            dist = metadata.distribution(match.group(1))
        except metadata.PackageNotFoundError:
            if ";" in requirement:  # its marker excludes this interpreter
                continue
            raise WheelError(f"the grader needs {requirement!r}, which is not installed here: install it first")
        pins[key] = Pin(name=dist.metadata["Name"], version=dist.version, pure=_is_pure(dist))
        pending.extend(dist.requires or [])
    return sorted(pins.values(), key=lambda pin: normalise(pin.name))


def cache_dir() -> Path:
    folder = Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "nn-grader" / "wheels")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _abi(python: str) -> str:
    return "cp" + python.replace(".", "")


def _matches(path: Path, pin: Pin, python: str | None) -> bool:
    name = path.name
    if not name.endswith(".whl"):
        return False
    parts = name[:-4].split("-")
    if len(parts) < 5 or normalise(parts[0]) != normalise(pin.name) or parts[1] != pin.version:
        return False
    python_tag, abi_tag, platform_tag = parts[-3:]
    if pin.pure:
        return abi_tag == "none" and platform_tag == "any" and any(t in ("py3", "py2.py3") or t.startswith("py3")
                                                                   for t in python_tag.split("."))
    cp = _abi(python or "")
    platforms = set(platform_tag.split("."))
    return (cp in python_tag.split(".") and abi_tag in (cp, "abi3", "none")) and bool(platforms & set(PLATFORMS))


def _find(folder: Path, pin: Pin, python: str | None) -> Path | None:
    found = sorted(p for p in folder.glob("*.whl") if _matches(p, pin, python))
    return found[0] if found else None


def _pip(arguments: list[str]) -> None:
    command = [sys.executable, "-m", "pip", *arguments]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-6:])
        raise WheelError(f"`pip {' '.join(arguments[:1])}` failed for the pinned dependencies:\n{tail}")


def collect_wheels(pins: list[Pin], pythons: tuple[str, ...] = DEFAULT_PYTHONS) -> list[Path]:
    """The wheel files (in the cache) that install ``pins`` on each of ``pythons``; fetched if missing."""
    cache = cache_dir()
    pure = [pin for pin in pins if pin.pure and _find(cache, pin, None) is None]
    if pure:
        _pip(["wheel", "--no-deps", "--quiet", "--wheel-dir", str(cache), *[p.requirement for p in pure]])
    for python in pythons:
        compiled = [pin for pin in pins if not pin.pure and _find(cache, pin, python) is None]
        if compiled:
            platforms = [argument for platform in PLATFORMS for argument in ("--platform", platform)]
            _pip(["download", "--no-deps", "--quiet", "--only-binary=:all:", "--dest", str(cache),
                  "--python-version", python, "--implementation", "cp", "--abi", _abi(python), *platforms,
                  *[p.requirement for p in compiled]])
    files: list[Path] = []
    missing = []
    for pin in pins:
        for python in ([None] if pin.pure else list(pythons)):
            found = _find(cache, pin, python)
            if found is None:
                missing.append(f"{pin.requirement} ({'any Python' if python is None else 'CPython ' + python})")
            elif found not in files:
                files.append(found)
    if missing:
        raise WheelError("no wheel for " + ", ".join(missing) + f" in {cache}")
    return sorted(files, key=lambda p: p.name)


def lock_text(pins: list[Pin]) -> str:
    return "".join(f"{pin.requirement}\n" for pin in pins)
