"""The child: the only code that shares a process with student code.

Run as ``python -I grader/sandbox/child REQUEST_FD ANSWER_FD`` (a cold child) or
``python -I grader/sandbox/child --zygote FD`` (the zygote, which forks children; see
:mod:`.zygote`).

This package imports nothing from ``grader`` (the grading process's modules, rubrics and
references never enter this process) and it trusts nothing that happens after
the student's first statement: whatever the student does to this process
(patching ``json``, forging lines on the answer pipe, closing it, exiting) can
only change the *answers* the parent receives, never how they are judged.

Order of events, and why:

1. Preload the modules a submission may use (numpy, math, fractions, ...)
   while we can still read the interpreter's files: after step 4 the process
   may run as a user that cannot read the Python installation, and after the
   jail in step 3 no file outside the run's directory exists for it.
2. Read the request (source, answer names, function calls, limits) from its
   own pipe: an 8-byte length, then that much JSON.  It holds no expected value and nothing from the rubric but the
   answer names and the probe inputs of function answers.
3. Isolate (as root): a private mount, network and IPC namespace when available
   (size-limited tmpfs for the run's directory, empty mounts over the grader's
   files); a ``chroot`` jail in the run's directory, so no other file of the
   machine exists for the submission; resource limits.
4. Drop to the run's unprivileged uid/gid; set no-new-privileges; install a
   seccomp filter (no sockets, ptrace, mounts, namespaces, io_uring, System V
   IPC or POSIX message queues, and no signals to the grader or its ancestors); become non-dumpable (no other
   process of the uid may read this one's memory).
5. Write a header line (active layers, uid) on the answer pipe -- before any
   student statement runs, so the parent can trust it.
6. Execute the submission one top-level statement at a time (a failing
   statement is recorded with its line and the names it would have set; the
   others still run).  After every statement that touched an answer name, a
   *snapshot* of the answers goes to the answer pipe as one JSON line, so a
   submission that later loops, sleeps, blows up or is killed still has the
   answers it had assigned graded.  Then requested functions are called on the
   given inputs, and a final snapshot is written.
7. Leave with ``os._exit`` so no student finaliser or atexit hook runs after.

Every snapshot is built to pass the parent's validator (:mod:`grader.answers`):
values too large, too deep or of other types become ``{TAG_UNSUPPORTED: ...}``
markers for that answer alone, so one bad answer never costs the others.

The modules, one idea each (every one standard library plus numpy, and free of side effects when
imported, so the grading process's tests import them too; only ``__main__`` acts):

==================  ==========================================================================
``__main__``        the entry point: undumpable first, then the preload, then :func:`.main.main`
                    or the zygote's loop
``protocol``        the wire format (bounds, tags, framing), imported by the grader as well
``preload``         the modules a submission may import, loaded before isolation
``isolation``       namespaces, the jail, resource limits, the drop to the run's uid (steps 3-4)
``seccomp``         the system-call filter (step 4)
``encoding``        Python values to the protocol's JSON, within its bounds
``execution``       the statement runner and the calls of submitted functions (step 6)
``main``            one run, from the request to ``os._exit`` (steps 2-7)
``zygote``          the pre-loaded process that forks fresh children for a batch
==================  ==========================================================================

Inside the child this folder is loaded as the package ``sandbox_child`` (see ``__main__``), so
its modules import each other relatively and never through ``grader``.
"""
