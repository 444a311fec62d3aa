# Creates a POSIX message queue (mq_open) holding a secret, which would outlive the run.
ASSIGNMENT = "columbia-nndl-hw1"
import ctypes

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

O_RDWR, O_CREAT = 2, 0o100
libc = ctypes.CDLL(None, use_errno=True)
try:
    mq_open = libc.mq_open
except AttributeError:  # an older C library keeps it in librt
    mq_open = ctypes.CDLL("librt.so.1", use_errno=True).mq_open
queue = mq_open(b"/grader-hostile-mq", O_RDWR | O_CREAT, 0o666, None)
print("mq_open:", queue, "errno", ctypes.get_errno(), flush=True)
if queue >= 0:
    send = getattr(libc, "mq_send", None)
    if send is not None:
        send(queue, b"SECRET-FROM-AN-EARLIER-RUN", 26, 0)
