# Sleeps far beyond the wall-clock limit (using no CPU, so only the wall clock can stop it).
ASSIGNMENT = "columbia-nndl-hw1"
import time

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
time.sleep(10_000)
M = 12  # never reached
