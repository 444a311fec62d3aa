# kill(-1, SIGKILL): every process the user may signal.  As its own uid that is only the
# sandbox; the seccomp filter refuses it outright.  Either way the grader survives.
ASSIGNMENT = "columbia-nndl-hw1"
import os
import signal

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
try:
    os.kill(-1, signal.SIGKILL)
except OSError as exc:
    print("blocked kill(-1)", exc.strerror, flush=True)
