# Looks for rubrics, references and staff files: the project tree, Gradescope's source
# directory, the test's rubric copy (/tmp/grader-hostile-rubrics-*), anything under / named
# like a rubric.  Everything it manages to read is printed as "LEAK ...".
ASSIGNMENT = "columbia-nndl-hw1"
import glob
import os

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

paths = [
    "/work/main/rubrics/columbia_nndl_hw1.toml",
    "/work/main/reference/autodiff.py",
    "/work/main/grader/api.py",
    "/autograder/source/rubrics",
    "/root/.bash_history",
    "/etc/shadow",
]
paths += glob.glob("/tmp/grader-hostile-*/*")
paths += glob.glob("/work/main/rubrics/*") + glob.glob("/**/*.toml", recursive=False)
for path in paths:
    try:
        with open(path, errors="replace") as handle:
            text = handle.read(400)
        print("LEAK", path, text.replace("\n", " | ")[:300], flush=True)
    except OSError as exc:
        print("blocked", path, exc.strerror, flush=True)
for root in ("/work", "/autograder", "/tmp"):
    try:
        entries = os.listdir(root)
        print("LEAK listing" if entries else "empty listing", root, entries[:20], flush=True)
    except OSError as exc:
        print("blocked listing", root, exc.strerror, flush=True)
