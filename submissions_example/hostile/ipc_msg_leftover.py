# Leaves a System V message for whichever submission runs next (ipc_reads_other_runs.py looks for it).
ASSIGNMENT = "columbia-nndl-hw1"
import ctypes

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

IPC_CREAT, IPC_NOWAIT = 0o1000, 0o4000
libc = ctypes.CDLL(None, use_errno=True)


class Message(ctypes.Structure):
    _fields_ = [("mtype", ctypes.c_long), ("mtext", ctypes.c_char * 64)]


queue = libc.msgget(0x47524132, IPC_CREAT | 0o666)
print("msgget:", queue, "errno", ctypes.get_errno(), flush=True)
if queue >= 0:
    message = Message(1, b"SECRET-FROM-AN-EARLIER-RUN")
    for _ in range(100):
        if libc.msgsnd(queue, ctypes.byref(message), 64, IPC_NOWAIT) != 0:
            break
    print("sent", flush=True)
