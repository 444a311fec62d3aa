# A daemon that also erases the marks it could: a fresh session, no inherited descriptors,
# and (where a shell exists) exec with an empty environment, so an environment marker is gone.
# The sweep recognises sandbox processes by marks that cannot be cleared (uid, no_new_privs,
# a finite hard CPU limit).
ASSIGNMENT = "columbia-nndl-hw1"
import os
import time

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.closerange(0, 1024)
        for program in ("/bin/sleep", "/usr/bin/sleep"):
            try:
                os.execve(program, [program, "1000"], {})
            except OSError:
                pass
        while True:
            time.sleep(0.05)
    os._exit(0)
time.sleep(0.1)
