"""One run of a submission, from the request to ``os._exit`` (steps 2 to 7 of the package docstring)."""

import json
import os
import sys
from builtins import BaseException, Exception, float, int, list, str  # noqa: A004 -- see encoding.py

from .execution import Run
from .isolation import isolate, not_dumpable
from .preload import preload
from .protocol import REQUEST_LENGTH_BYTES, request_length

_exit = os._exit


def _read_request(fd: int) -> dict:
    """The request: an 8-byte length, then that much JSON.  Reading an exact length (not up to
    end of file) means no stray copy of the pipe's write end can keep the child waiting."""
    with os.fdopen(fd, "rb", buffering=0) as pipe:
        def read_exactly(count: int) -> bytes:
            chunks, left = [], count
            while left:
                chunk = pipe.read(min(left, 1 << 16))
                if not chunk:
                    raise SystemExit("the request ended early")
                chunks.append(chunk)
                left -= len(chunk)
            return b"".join(chunks)

        size = request_length(read_exactly(REQUEST_LENGTH_BYTES))
        return json.loads(read_exactly(size))


def main() -> None:
    request_fd, answer_fd = int(sys.argv[1]), int(sys.argv[2])
    not_dumpable()  # before the request (a classmate's source) is in memory
    request = _read_request(request_fd)
    if request.get("preload"):
        preload([str(name) for name in request["preload"]])
    layers = isolate(request)
    # Written before any student statement runs, so the parent can trust this first line.
    run = Run(list(request["answers"]), answer_fd, int(request["limits"]["answer_bytes"]))
    if not run.send(json.dumps({"layers": layers, "uid": os.getuid()})):
        _exit(3)
    calls = list(request.get("calls", []))
    call_seconds = float(request["limits"].get("call_seconds", 2.0))
    filename = request.get("filename", "submission.py")
    statements = [(str(s["source"]), s.get("cell")) for s in request.get("statements", [])]
    del request
    try:  # output up to a loop or a crash still reaches the report
        sys.stdout.reconfigure(line_buffering=True)
    except Exception:
        pass
    for source, cell in statements:
        if run.run_source(source, filename, cell):
            break
    if calls:
        run.run_calls(calls, call_seconds)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001 -- the student's streams are theirs to break
            pass
    try:
        run.snapshot(force=True, final=True)
    except BaseException:  # noqa: BLE001 -- the parent still has the earlier snapshots
        _exit(3)
    _exit(0)
