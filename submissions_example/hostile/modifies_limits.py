# Raises its own resource limits back to unlimited and lowers the grader's (prlimit on the
# parent), renices the grader.
ASSIGNMENT = "columbia-nndl-hw1"
import os
import resource

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
for which in (resource.RLIMIT_CPU, resource.RLIMIT_AS, resource.RLIMIT_NPROC, resource.RLIMIT_NOFILE, resource.RLIMIT_FSIZE):
    try:
        resource.setrlimit(which, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        print("PWNED raised limit", which, flush=True)
    except (ValueError, OSError) as exc:
        print("blocked", which, exc, flush=True)
try:
    resource.prlimit(os.getppid(), resource.RLIMIT_NOFILE, (3, 3))
    print("PWNED lowered the grader's descriptor limit", flush=True)
except (OSError, ValueError) as exc:
    print("blocked prlimit", exc, flush=True)
try:
    os.setpriority(os.PRIO_PROCESS, os.getppid(), 19)
    print("reniced the grader (harmless: it only slows it)", flush=True)
except OSError as exc:
    print("blocked setpriority", exc.strerror, flush=True)
