# The classic daemon: fork, setsid, fork again, close every inherited descriptor (so the
# parent's pipes close and nothing waits for it), ignore SIGTERM, and live on.  The submission
# itself finishes normally; the sweep must still find and kill the daemon.
ASSIGNMENT = "columbia-nndl-hw1"
import os
import signal
import time

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        os.closerange(0, 1024)
        while True:
            time.sleep(0.05)
            try:
                with open("daemon-was-here", "a") as note:
                    note.write("still alive\n")
            except OSError:
                pass
    os._exit(0)
time.sleep(0.1)
