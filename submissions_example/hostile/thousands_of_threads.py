# Starts thousands of threads.  Threads count against RLIMIT_NPROC, so starting them soon
# fails; the failure is caught and the honest answers follow.
ASSIGNMENT = "columbia-nndl-hw1"
import threading
import time

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
started = 0
try:
    for _ in range(5000):
        threading.Thread(target=time.sleep, args=(1000,), daemon=True).start()
        started += 1
except RuntimeError:
    pass
z = [48, 12, 24]
