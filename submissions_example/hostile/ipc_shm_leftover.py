# Creates System V shared memory that would outlive the run: one keyed segment holding a
# secret, then 25 more of 64 MiB each (1.6 GiB, more than the run's own address-space limit).
ASSIGNMENT = "columbia-nndl-hw1"
import ctypes

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

IPC_CREAT, IPC_PRIVATE = 0o1000, 0
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
keyed = libc.shmget(0x47524131, 1 << 20, IPC_CREAT | 0o666)
print("shmget keyed:", keyed, "errno", ctypes.get_errno(), flush=True)
if keyed >= 0:
    address = libc.shmat(keyed, None, 0)
    if address not in (None, ctypes.c_void_p(-1).value):
        ctypes.memmove(address, b"SECRET-FROM-AN-EARLIER-RUN", 26)
created = sum(libc.shmget(IPC_PRIVATE, 64 << 20, IPC_CREAT | 0o666) >= 0 for _ in range(25))
print("private 64 MiB segments created:", created, flush=True)
