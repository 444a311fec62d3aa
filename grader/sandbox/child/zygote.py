"""The zygote: this package pre-loaded, forking a fresh child for each run of a batch.

The grading process's side is :mod:`grader.sandbox.zygote`.  The zygote never runs student code
and never holds anything of a submission, a rubric or a reference (see :func:`serve`).
"""

import json
import os
import resource
import select
import signal
import socket
import sys

import numpy

from .encoding import clean
from .main import main


def serve(control_fd: int, modules_before: set) -> None:
    """Serve fresh children to one grading process (``python -I grader/sandbox/child --zygote FD``).

    The zygote is this package with everything preloaded.  ``modules_before`` are the modules a
    cold child has when :func:`main` starts: a forked child drops the zygote's own (socket,
    select).  It never runs student code and never receives anything from a rubric, a reference or a submission: the grading process sends it
    only file descriptors (a control socket for the run, the run's stdout and stderr pipes, its
    request and answer pipes) and the run's home directory.  For each run it forks a child that
    makes itself exactly what a cold child is when :func:`main` starts (its own
    session, stdio on the run's pipes, no other descriptor, the same environment and modules)
    and runs :func:`main`, which reads the request from its own pipe and isolates as usual.

    On a run's control socket the grading process is told the child's pid (``pid N``) and later
    asks for it to be reaped (``reap``).  The child is not reaped before that, so its pid and
    process group id stay reserved while the grading process kills the group and sweeps; the
    reply is ``status WAITSTATUS UTIME STIME``.  A run socket closed before ``reap`` (the
    grading process gave up on the run), or the main socket closed (the grading process is
    gone), kills the children concerned.  Orphans of a child are not the zygote's: they go to
    the grading process, a subreaper, which sweeps them as it does for cold children.
    """
    leave = os._exit

    try:  # children are watched through pidfds (Linux 5.3): without them, no zygote (the grader starts cold children)
        os.close(os.pidfd_open(os.getpid()))
    except (AttributeError, OSError):
        leave(4)

    control = socket.socket(fileno=control_fd)
    poller = select.poll()
    poller.register(control_fd, select.POLLIN)
    runs = {}      # run socket fd -> _ZygoteRun
    exits = {}     # pidfd -> _ZygoteRun (until the child has exited)

    def close_run(run) -> None:
        for table, fd in ((runs, run.sock.fileno()), (exits, run.pidfd)):
            if fd in table:
                poller.unregister(fd)
                del table[fd]
        run.sock.close()
        if run.pidfd is not None:
            os.close(run.pidfd)
            run.pidfd = None

    def reap(run) -> None:
        """The child has exited and the grading process has asked: reap it and report."""
        try:
            _, status, usage = os.wait4(run.pid, 0)
            reply = b"status %d %r %r" % (status, usage.ru_utime, usage.ru_stime)
        except ChildProcessError:
            reply = b"status none"
        try:
            run.sock.send(reply)
        except OSError:
            pass
        close_run(run)

    def spawn(message: bytes, fds: list) -> None:
        if len(fds) != 5:
            for fd in fds:
                os.close(fd)
            return
        sock = socket.socket(fileno=fds[0])
        try:
            home = str(json.loads(message)["home"])
            pid = os.fork()
        except Exception as exc:  # noqa: BLE001 -- EAGAIN and the like: the grader then starts a cold child
            for fd in fds[1:]:
                os.close(fd)
            try:
                sock.send(b"error " + clean(str(exc), 200).encode())
            except OSError:
                pass
            sock.close()
            return
        if pid == 0:
            _become_run_child(fds[1:], home, modules_before)  # never returns
            leave(70)
        for fd in fds[1:]:
            os.close(fd)
        try:
            pidfd = os.pidfd_open(pid)
        except OSError:  # cannot happen for an unreaped child; if it does, no child rather than an unwatched one
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            sock.close()
            return
        run = _ZygoteRun(pid, sock, pidfd)
        runs[sock.fileno()] = run
        exits[run.pidfd] = run
        poller.register(sock.fileno(), select.POLLIN)
        poller.register(run.pidfd, select.POLLIN)
        try:
            sock.send(b"pid %d" % pid)
        except OSError:
            given_up(run)

    def given_up(run) -> None:
        run.reap = True
        run.kill()
        if run.sock.fileno() in runs:
            poller.unregister(run.sock.fileno())
            del runs[run.sock.fileno()]

    while True:
        for fd, _ in poller.poll():
            try:
                if fd == control_fd:
                    try:
                        message, fds, _, _ = socket.recv_fds(control, 4096, 8)
                    except OSError:
                        message, fds = b"", []
                    if not message:  # the grading process is gone, and with it every run
                        for run in list(runs.values()) + list(exits.values()):
                            run.kill()
                        for run in set(runs.values()) | set(exits.values()):
                            try:
                                os.waitpid(run.pid, 0)
                            except ChildProcessError:
                                pass
                        leave(0)
                    spawn(message, fds)
                elif fd in runs:
                    run = runs[fd]
                    try:
                        command = run.sock.recv(64)
                    except OSError:
                        command = b""
                    if command == b"reap":
                        run.reap = True
                        if run.exited:
                            reap(run)
                    elif not command:
                        given_up(run)
                        if run.exited:
                            reap(run)
                elif fd in exits:
                    run = exits.pop(fd)
                    poller.unregister(fd)
                    run.exited = True
                    if run.reap:
                        reap(run)
            except Exception:  # noqa: BLE001 -- one run's trouble must not stop the others'
                pass


class _ZygoteRun:
    """A child of the zygote, until it is reaped."""

    def __init__(self, pid: int, sock, pidfd: int):
        self.pid, self.sock, self.pidfd = pid, sock, pidfd
        self.reap = False     # the grading process asked for the status (or is gone)
        self.exited = False

    def kill(self) -> None:
        if self.exited:
            return
        for target in (-self.pid, self.pid):  # not reaped yet: the group id is still the child's
            try:
                os.kill(target, signal.SIGKILL)
            except OSError:
                pass


def _become_run_child(fds: list, home: str, modules_before: set) -> None:
    """In a child forked by the zygote: become what a cold child is at main(),
    run the submission, and never return into the zygote's loop."""
    leave = os._exit  # a local: a submission that rebinds this module's _exit or os._exit cannot make us return
    try:
        stdout_w, stderr_w, request_fd, answer_fd = fds
        os.setsid()  # its own session and process group, as Popen(start_new_session=True) gives
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(stdout_w, 1)
        os.dup2(stderr_w, 2)
        # Every other descriptor of the zygote (the main socket, other runs' sockets, pidfds) goes.
        low = 3
        for fd in sorted({request_fd, answer_fd}):
            os.closerange(low, fd)
            low = fd + 1
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        os.closerange(low, soft if 0 < soft < (1 << 20) else (1 << 20))
        os.chdir(home)
        os.environ["HOME"] = home
        sys.argv[1:] = [str(request_fd), str(answer_fd)]
        for name in set(sys.modules) - modules_before:  # the zygote's own modules (socket, select)
            del sys.modules[name]
        numpy.random.seed()  # fresh seeds, as in a cold child (random reseeds itself at fork)
    except BaseException:  # noqa: BLE001
        leave(113)
    code = 0
    try:
        main()
    except SystemExit as exc:  # e.g. the request ended early: what a cold interpreter would do
        code = exc.code
        if isinstance(code, str):
            try:
                sys.stderr.write(code + "\n")
                sys.stderr.flush()
            except BaseException:  # noqa: BLE001
                pass
            code = 1
        code = 0 if code is None else code & 0xFF if type(code) is int else 1
    except BaseException:  # noqa: BLE001
        try:
            import traceback

            traceback.print_exc()
            sys.stderr.flush()
        except BaseException:  # noqa: BLE001
            pass
        code = 1
    finally:
        leave(code)
