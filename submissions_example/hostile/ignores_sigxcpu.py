# Ignores SIGXCPU (the soft CPU limit) and keeps spinning: the hard limit or the wall clock
# must still stop it.
ASSIGNMENT = "columbia-nndl-hw1"
import signal

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

for name in ("SIGXCPU", "SIGTERM", "SIGINT", "SIGHUP", "SIGUSR1", "SIGALRM", "SIGVTALRM", "SIGPROF"):
    signal.signal(getattr(signal, name), signal.SIG_IGN)
x = 0
while True:
    x += 1
