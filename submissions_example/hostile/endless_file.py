# Writes one file without end (RLIMIT_FSIZE: the write fails), then ever more files (the
# size-limited tmpfs fills, or the parent's watch on the run directory stops the run).
ASSIGNMENT = "columbia-nndl-hw1"
import itertools

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
chunk = b"x" * (1 << 20)
try:
    with open("one-big-file", "wb") as handle:
        while True:
            handle.write(chunk)
except OSError:
    pass
for index in itertools.count():
    try:
        with open(f"file-{index}", "wb") as handle:
            for _ in range(8):
                handle.write(chunk)
    except OSError:
        pass
