"""The answer channel, as the grading process reads it: a pipe of lines (see :mod:`.protocol`).

The child writes a header line before any student statement runs, then a snapshot line after
statements; only the header and the last complete snapshot are kept, within a byte cap, so
memory stays bounded whatever the child writes.  Everything read here is untrusted bytes:
:func:`grader.answers.parse_channel` validates it.
"""

from __future__ import annotations

import fcntl

from .child.protocol import LINE_END


class _Channel:
    """The answer pipe: a header line written before the submission ran, then snapshot lines.

    Keeps the header and the last complete snapshot that fits ``cap`` bytes; anything longer
    is discarded as it arrives, so memory stays bounded whatever the child writes.
    """

    def __init__(self, cap: int):
        self.cap = cap
        self.header: bytes | None = None
        self.document: bytes | None = None
        self.overflow = False
        self._line = bytearray()
        self._skipping = False

    def feed(self, chunk: bytes) -> None:
        while chunk:
            newline = chunk.find(LINE_END)
            piece, chunk = (chunk, b"") if newline < 0 else (chunk[:newline], chunk[newline + 1:])
            if not self._skipping:
                if len(self._line) + len(piece) > self.cap:
                    self._skipping, self.overflow = True, True
                    self._line.clear()
                else:
                    self._line += piece
            if newline >= 0:
                if not self._skipping:
                    self._finish(bytes(self._line))
                self._line.clear()
                self._skipping = False

    def _finish(self, line: bytes) -> None:
        if self.header is None:
            self.header = line[:65536]
        elif line.strip():
            self.document = line


#: Room in the answer pipe.  The child writes a snapshot after each statement while the grader is
#: still computing expected values and not yet reading; with the default 64 KiB a submission of
#: forty answers fills the pipe and waits, finishing only once the grader reads.
ANSWER_PIPE_BYTES = 1 << 20


def _widen(fd: int) -> None:
    try:
        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), ANSWER_PIPE_BYTES)
    except OSError:
        pass  # not Linux, or above this user's pipe-max-size: the child just waits for the reader
