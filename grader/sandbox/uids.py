"""Sandbox uids: one uid of its own per concurrent run, reserved across grader processes.

As root every run's child drops to a uid from ``SandboxConfig.uid_base`` .. ``uid_base +
uid_slots``; a lock file per uid (in a directory only the grader's user controls) makes sure two
runs, of this process or of another grader on the machine, never share one, so the sweep after
a run (:mod:`grader.sandbox.sweep`) can kill every process of that uid without hitting another
student's run.
"""

from __future__ import annotations

import fcntl
import os
import stat
import tempfile
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the runner imports this module: the type only, no import cycle
    from .runner import SandboxConfig

UID_WAIT_SECONDS = 60.0  # how long a run waits for a free sandbox uid before it fails

class _UidSlot:
    """A sandbox uid reserved for one run, across grader processes, by a lock file."""

    def __init__(self, config: SandboxConfig):
        # Every slot busy (several graders sharing a machine) is a reason to wait, not to fail a
        # student: try again for a while, then give up with the error.
        deadline = time.monotonic() + UID_WAIT_SECONDS
        pause = 0.02
        while not self._reserve(config):
            if time.monotonic() > deadline:
                raise RuntimeError("no free sandbox uid")
            time.sleep(pause)
            pause = min(pause * 2, 0.5)

    def _reserve(self, config: SandboxConfig) -> bool:
        lock_dir = _lock_dir()
        start = (os.getpid() * 7919 + threading.get_ident()) % config.uid_slots
        for offset in range(config.uid_slots):
            uid = config.uid_base + (start + offset) % config.uid_slots
            # O_NOFOLLOW: a planted symlink must never make root truncate another file.
            try:
                fd = os.open(os.path.join(lock_dir, f"{uid}.lock"), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
            except OSError:  # a symlink (ELOOP) or anything else odd: not a slot to use
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            self.uid, self._fd = uid, fd
            return True
        return False

    def release(self) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)


def _lock_dir() -> str:
    """A directory only the grader's user controls (a sandbox uid could pre-create one in /tmp)."""
    candidates = ["/run/grader-uid-locks"] if os.geteuid() == 0 else []
    candidates.append(os.path.join(tempfile.gettempdir(), f"grader-uid-locks-{os.geteuid()}"))
    for path in candidates:
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        except OSError:
            continue
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and not info.st_mode & 0o077:
            return path
    # Every candidate is unusable (or was planted): a fresh private one still serialises
    # this process's runs; concurrent graders then rely on the uid sweep alone.
    return tempfile.mkdtemp(prefix="grader-uid-locks-")

