# A fork bomb: every process forks as fast as it can, ignoring failures.  RLIMIT_NPROC (per
# run, since each run has a uid of its own) bounds it; the sweep kills every copy.
ASSIGNMENT = "columbia-nndl-hw1"
import os

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
while True:
    try:
        os.fork()
    except OSError:
        pass
