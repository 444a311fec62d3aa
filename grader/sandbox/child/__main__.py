"""Entry point of the child: ``python -I grader/sandbox/child REQUEST_FD ANSWER_FD`` or ``--zygote FD``.

Nothing here may come before :func:`_undumpable_now`: other processes of the same uid (runs
sharing the grader's uid) must not read this process's memory even while it starts.
"""

import sys


def _undumpable_now() -> None:
    try:
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0
    except Exception:
        pass


_undumpable_now()

import importlib.util  # noqa: E402
import os  # noqa: E402

PACKAGE = "sandbox_child"


def _load_package():
    """This folder as the package ``sandbox_child``, loaded by location.

    ``python -I DIR`` puts DIR first on ``sys.path``; it is taken off again, so no file of this
    folder can shadow a module a submission imports.  Loading the folder by location (rather than
    importing ``grader.sandbox.child``) runs no ``__init__`` of the ``grader`` package here, and
    lets the modules import each other relatively."""
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and os.path.abspath(sys.path[0] or os.curdir) == here:
        del sys.path[0]
    spec = importlib.util.spec_from_file_location(PACKAGE, os.path.join(here, "__init__.py"),
                                                  submodule_search_locations=[here])
    package = importlib.util.module_from_spec(spec)
    sys.modules[PACKAGE] = package
    spec.loader.exec_module(package)


def _start() -> None:
    _load_package()
    from sandbox_child import preload

    preload.single_threaded_blas()  # before numpy loads
    preload.preload(preload.PRELOAD)
    from sandbox_child.main import main

    if sys.argv[1:2] == ["--zygote"]:
        modules = set(sys.modules)  # what a cold child has when main() starts: the zygote's own go in its children
        from sandbox_child.zygote import serve

        serve(int(sys.argv[2]), modules)
    else:
        main()


if __name__ == "__main__":
    _start()
