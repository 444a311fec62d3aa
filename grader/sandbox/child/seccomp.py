"""The child's system-call filter (x86_64): what a submission never needs and an attacker would.

Installed after the drop to the run's uid and ``no_new_privs``, for every thread at once.  Besides
the refused calls, signals and ``prlimit`` may not target the grader or its ancestors.
"""

import ctypes
import os

AUDIT_ARCH_X86_64 = 0xC000003E
SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO = 0x7FFF0000, 0x00050000
EPERM, ENOSYS = 1, 38
# Syscalls a submission never needs and an attacker would: network, other processes'
# memory, file-system and namespace tricks, kernel attack surface.
DENIED_X86_64 = {
    "socket": 41, "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "mount": 165,
    "umount2": 166, "pivot_root": 155, "chroot": 161, "unshare": 272, "setns": 308, "keyctl": 250,
    "add_key": 248, "request_key": 249, "bpf": 321, "perf_event_open": 298, "userfaultfd": 323,
    "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427, "pidfd_getfd": 438,
    "open_by_handle_at": 304, "kexec_load": 246, "init_module": 175, "finit_module": 313,
    "delete_module": 176, "acct": 163, "swapon": 167, "swapoff": 168, "reboot": 169, "open_tree": 428,
    "move_mount": 429, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442,
    # System V IPC and POSIX message queues: objects that outlive the process and that another
    # run could open (also refused inside an IPC namespace, where they would be harmless).
    "shmget": 29, "shmat": 30, "shmctl": 31, "semget": 64, "semop": 65, "semctl": 66, "shmdt": 67,
    "msgget": 68, "msgsnd": 69, "msgrcv": 70, "msgctl": 71, "semtimedop": 220, "mq_open": 240,
    "mq_unlink": 241, "mq_timedsend": 242, "mq_timedreceive": 243, "mq_notify": 244, "mq_getsetattr": 245,
}
CLONE_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x80
# Syscalls whose first argument is a process that must not be one of the protected ones.
PID_ARG_X86_64 = {"kill": 62, "rt_sigqueueinfo": 129, "tkill": 200, "tgkill": 234, "rt_tgsigqueueinfo": 297,
                  "prlimit64": 302, "pidfd_open": 434}


def seccomp_program(protected: list, own_pid: int) -> list:
    """A classic-BPF seccomp filter as (code, jt, jf, k) with symbolic jump labels."""
    LD, JEQ, JSET, JGE, RET = 0x20, 0x15, 0x45, 0x35, 0x06
    prog = [
        (LD, 0, 0, 4),                              # arch
        (JEQ, 0, "eperm", AUDIT_ARCH_X86_64),        # i386/x32 entry points are refused outright
        (LD, 0, 0, 0),                              # syscall number
        (JGE, "eperm", 0, 0x40000000),              # x32 ABI
        (JEQ, "enosys", 0, 435),                    # clone3: its flags are behind a pointer; libc falls back to clone
    ]
    for number in sorted(DENIED_X86_64.values()):
        prog.append((JEQ, "eperm", 0, number))
    # clone: no new namespaces
    prog += [(JEQ, 0, 3, 56), (LD, 0, 0, 16), (JSET, "eperm", 0, CLONE_NAMESPACE_FLAGS), (RET, 0, 0, SECCOMP_RET_ALLOW)]
    targets = [p & 0xFFFFFFFF for p in protected]
    for name, number in sorted(PID_ARG_X86_64.items(), key=lambda kv: kv[1]):
        checks = [(JEQ, "eperm", 0, t) for t in targets]
        if name in ("kill", "rt_sigqueueinfo"):
            # -1 is every process the uid may signal; other negative values are other process groups.
            checks += [(JEQ, "eperm", 0, 0xFFFFFFFF), (JEQ, 1, 0, (-own_pid) & 0xFFFFFFFF), (JSET, "eperm", 0, 0x80000000)]
        block = [(LD, 0, 0, 16)] + checks + [(RET, 0, 0, SECCOMP_RET_ALLOW)]
        prog.append((JEQ, 0, len(block), number))
        prog += block
    labels = {"allow": len(prog), "eperm": len(prog) + 1, "enosys": len(prog) + 2}
    prog += [(RET, 0, 0, SECCOMP_RET_ALLOW), (RET, 0, 0, SECCOMP_RET_ERRNO | EPERM), (RET, 0, 0, SECCOMP_RET_ERRNO | ENOSYS)]
    resolved = []
    for index, (code, jt, jf, k) in enumerate(prog):
        jt = labels[jt] - index - 1 if isinstance(jt, str) else jt
        jf = labels[jf] - index - 1 if isinstance(jf, str) else jf
        if not (0 <= jt < 256 and 0 <= jf < 256):
            raise ValueError("seccomp program too long for its jumps")
        resolved.append((code, jt, jf, k))
    return resolved


def install_seccomp(protected: list) -> bool:
    if os.uname().machine != "x86_64":
        return False  # only the x86_64 syscall table is encoded (and tested)

    class SockFilter(ctypes.Structure):
        _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]

    try:
        program = seccomp_program(protected, os.getpid())
        filters = (SockFilter * len(program))(*[SockFilter(*ins) for ins in program])
        fprog = SockFprog(len(program), filters)
        libc = ctypes.CDLL(None, use_errno=True)
        # seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog): every thread at once.
        return libc.syscall(317, 1, 1, ctypes.byref(fprog)) == 0
    except Exception:
        return False
