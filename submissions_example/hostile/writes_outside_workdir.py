# Tries to create or change files everywhere but its own directory: the project tree, the
# test's canary and rubric copies (/tmp/grader-hostile-*), shared scratch directories,
# root's home, /etc.  Each success is printed as "PWNED <path>"; the test also checks the
# files themselves.
ASSIGNMENT = "columbia-nndl-hw1"
import glob
import os

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

targets = [
    "/work/main/pwned_by_writes_outside_workdir",
    "/work/main/rubrics/pwned_by_writes_outside_workdir.toml",
    "/work/main/reference/pwned_by_writes_outside_workdir.py",
    "/tmp/pwned_by_writes_outside_workdir",
    "/var/tmp/pwned_by_writes_outside_workdir",
    "/dev/shm/pwned_by_writes_outside_workdir",
    "/run/lock/pwned_by_writes_outside_workdir",
    "/root/pwned_by_writes_outside_workdir",
    "/etc/pwned_by_writes_outside_workdir",
    "/autograder/results/pwned_by_writes_outside_workdir",
]
for directory in glob.glob("/tmp/grader-hostile-*"):
    targets.append(os.path.join(directory, "pwned_by_writes_outside_workdir"))
    targets += glob.glob(os.path.join(directory, "*"))  # existing files: try to overwrite them
for path in targets:
    try:
        with open(path, "a") as handle:
            handle.write("pwned\n")
        if path.startswith(("/tmp/pwned", "/var/tmp/", "/dev/shm/", "/run/lock/")):
            print("wrote to scratch (the test checks the real directory)", path, flush=True)
        else:
            print("PWNED", path, flush=True)
    except OSError as exc:
        print("blocked", path, exc.strerror, flush=True)
for path in glob.glob("/tmp/grader-hostile-*/*"):
    try:
        os.unlink(path)
        print("PWNED deleted", path, flush=True)
    except OSError:
        pass
