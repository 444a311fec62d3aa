"""The wire protocol between the grading process and the submission's child: bounds, tags, framing.

Both sides import this one module: the grading process as ``grader.sandbox.child.protocol``
(:mod:`grader.answers`, :mod:`grader.sandbox.runner`), the child as part of its own package,
before any student statement runs.  It imports nothing at all: constants and two tiny framing
helpers, nothing that could bring code of the grader into the child.

Framing:

* the **request** (grader -> child) is ``REQUEST_LENGTH_BYTES`` bytes of big-endian length, then
  that much JSON (an exact length, so no stray copy of the pipe's write end keeps the child
  waiting for end of file);
* the **answer channel** (child -> grader) carries ASCII lines ending in ``LINE_END``: a header
  written before any student statement runs, then answer snapshots, each a whole
  ``{"protocol": PROTOCOL_VERSION, "answers": ..., ...}`` document.

A value that is not plain JSON travels as a one-key object whose key is a tag (``TAG_*``).
"""

PROTOCOL_VERSION = 1

# ---------------------------------------------------------------- bounds the grader enforces

MAX_DEPTH = 32               # nesting of a decoded value (the raw JSON of a snapshot may nest 4 more levels)
MAX_ELEMENTS = 1_000_000     # values plus list/dict entries in one snapshot
MAX_INT_DIGITS = 400
MAX_STRING = 20_000

# ---------------------------------------------------------------- bounds the child keeps (inside the ones above)

MAX_JSON_DEPTH = 26          # nesting of one value's JSON, so the whole snapshot stays < 36
MAX_UNITS = 900_000          # the parent counts one unit per value plus one per list/dict entry
MAX_ERRORS = 200             # statement errors reported in one snapshot
NAME_CHARS = 200             # names, dict keys and type names

# ---------------------------------------------------------------- tags of non-JSON values

TAG_FLOAT = "$float"              # "nan", "inf" or "-inf"
TAG_FRACTION = "$fraction"        # [numerator, denominator], both int, denominator > 0
TAG_ARRAY = "$array"              # nested lists of numbers (a numeric numpy array)
TAG_DICT = "$dict"                # {str: value}
TAG_FUNCTION = "$function"        # the name of a callable
TAG_UNSUPPORTED = "$unsupported"  # a value the grader does not accept, described in words

# ---------------------------------------------------------------- framing

REQUEST_LENGTH_BYTES = 8
LINE_END = b"\n"

#: Directories every process may write to: the child gets private ones, the sweep cleans the shared ones.
SHARED_SCRATCH = ("/tmp", "/var/tmp", "/dev/shm")


def frame_request(body: bytes) -> bytes:
    """The request as sent: its length, then the JSON body."""
    return len(body).to_bytes(REQUEST_LENGTH_BYTES, "big") + body


def request_length(prefix: bytes) -> int:
    """The body length announced by a request's first ``REQUEST_LENGTH_BYTES`` bytes."""
    return int.from_bytes(prefix, "big")
