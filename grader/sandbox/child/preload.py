"""The modules a submission may import, loaded before the child isolates itself.

After the drop to the run's uid the process may not be able to read the Python installation,
and inside the jail no file outside the run's directory exists: a submission can import only
what is already in ``sys.modules`` (this list, plus ``SandboxConfig.extra_modules`` sent in the
request).
"""

import importlib
import os

PRELOAD = (
    "numpy", "numpy.linalg", "numpy.random", "numpy.fft", "numpy.polynomial", "math", "cmath", "fractions",
    "decimal", "itertools", "functools", "operator", "collections", "collections.abc", "random", "statistics",
    "json", "re", "string", "typing", "dataclasses", "copy", "heapq", "bisect", "enum", "abc", "numbers",
    "traceback", "linecache", "tokenize", "ast", "io", "time", "warnings", "ctypes", "signal", "resource",
    "encodings.latin_1", "encodings.ascii", "encodings.utf_16", "encodings.utf_32", "encodings.idna",
    "unicodedata", "textwrap", "pprint", "struct", "array", "types", "glob",
)

_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


def single_threaded_blas() -> None:
    """One BLAS thread: a run's threads count against its process limit.  Read when numpy loads."""
    for variable in _BLAS_THREADS:
        os.environ[variable] = "1"


def preload(names) -> None:
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # a missing optional module only narrows what students may import
            pass
