# Objects with __reduce__ (would run a command if pickled), __del__ (writes a file and prints
# when collected), __getattr__ that answers everything, and an atexit hook.  Nothing is
# pickled; the child leaves with os._exit, so no finaliser or hook runs after the snapshot.
ASSIGNMENT = "columbia-nndl-hw1"
import atexit
import os


class Evil:
    def __reduce__(self):
        return (os.system, ("touch /tmp/pwned_by_reduce",))

    def __del__(self):
        print("PWNED __del__ ran after the answers were taken", flush=True)

    def __getattr__(self, name):
        return 12


atexit.register(lambda: print("PWNED atexit ran", flush=True))
H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
M = Evil()
H_vhp = [[Evil()]]
keep = Evil()
