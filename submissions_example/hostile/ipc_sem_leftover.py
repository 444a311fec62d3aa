# Creates System V semaphore sets (keyed and private) that would outlive the run.
ASSIGNMENT = "columbia-nndl-hw1"
import ctypes

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

IPC_CREAT, SETVAL = 0o1000, 16
libc = ctypes.CDLL(None, use_errno=True)
keyed = libc.semget(0x47524133, 8, IPC_CREAT | 0o666)
print("semget keyed:", keyed, "errno", ctypes.get_errno(), flush=True)
if keyed >= 0:
    libc.semctl(keyed, 0, SETVAL, 7)
created = sum(libc.semget(0, 250, IPC_CREAT | 0o666) >= 0 for _ in range(50))
print("private semaphore sets created:", created, flush=True)
