# Looks for what earlier runs left in System V IPC and POSIX queues: the keyed objects of the
# ipc_*_leftover.py cases, and every queue and segment it can enumerate.  Prints LEAK on success.
ASSIGNMENT = "columbia-nndl-hw1"
import ctypes

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

IPC_NOWAIT, MSG_NOERROR, MSG_STAT, SHM_STAT = 0o4000, 0o10000, 11, 13
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p


class Message(ctypes.Structure):
    _fields_ = [("mtype", ctypes.c_long), ("mtext", ctypes.c_char * 64)]


def read_queue(queue):
    message = Message()
    if libc.msgrcv(queue, ctypes.byref(message), 64, 0, IPC_NOWAIT | MSG_NOERROR) >= 0:
        print("LEAK message:", message.mtext[:40], flush=True)


def read_segment(segment):
    address = libc.shmat(segment, None, 0o10000)  # SHM_RDONLY
    if address not in (None, ctypes.c_void_p(-1).value):
        print("LEAK segment:", ctypes.string_at(address, 26), flush=True)


keyed = libc.msgget(0x47524132, 0)
print("msgget of the earlier run's key:", keyed, "errno", ctypes.get_errno(), flush=True)
if keyed >= 0:
    read_queue(keyed)
keyed = libc.shmget(0x47524131, 0, 0)
if keyed >= 0:
    read_segment(keyed)
scratch = ctypes.create_string_buffer(512)
for index in range(64):
    queue = libc.msgctl(index, MSG_STAT, scratch)
    if queue >= 0:
        read_queue(queue)
    segment = libc.shmctl(index, SHM_STAT, scratch)
    if segment >= 0:
        read_segment(segment)
try:
    queue = libc.mq_open(b"/grader-hostile-mq", 0o4000, 0o600, None)  # O_RDONLY | O_NONBLOCK
    if queue >= 0:
        buffer = ctypes.create_string_buffer(8192)
        if libc.mq_receive(queue, buffer, 8192, None) >= 0:
            print("LEAK posix queue:", buffer.value[:40], flush=True)
except AttributeError:
    pass
print("done", flush=True)
