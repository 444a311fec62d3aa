# Tries to become root again: setuid(0), setgid(0), setgroups, capabilities via prctl, and
# reading /etc/shadow.
ASSIGNMENT = "columbia-nndl-hw1"
import ctypes
import os

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
for attempt in (lambda: os.setuid(0), lambda: os.setgid(0), lambda: os.setgroups([0]),
                lambda: os.setresuid(0, 0, 0), lambda: os.seteuid(0)):
    try:
        attempt()
        if os.geteuid() == 0 and os.getppid() != 0:
            print("uid is now 0", flush=True)
    except OSError as exc:
        print("blocked", exc.strerror, flush=True)
try:
    with open("/etc/shadow") as handle:
        print("LEAK /etc/shadow", handle.read(20), flush=True)
except OSError as exc:
    print("blocked shadow", exc.strerror, flush=True)
libc = ctypes.CDLL(None, use_errno=True)
print("no_new_privs =", libc.prctl(39, 0, 0, 0, 0), flush=True)  # PR_GET_NO_NEW_PRIVS
