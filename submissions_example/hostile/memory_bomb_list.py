# Allocates huge lists, at once and by appending.  RLIMIT_AS turns both into MemoryError;
# the run carries on (or reaches the time limit while memory is being filled).
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
huge = [0] * 10**10
growing = []
while True:
    growing.append([0] * 100_000)
