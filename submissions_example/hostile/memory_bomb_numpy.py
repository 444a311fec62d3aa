# Asks numpy for arrays of terabytes, and fills memory one array at a time.
ASSIGNMENT = "columbia-nndl-hw1"
import numpy as np

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
giant = np.ones((10**6, 10**6))
empty = np.empty(10**12)
kept = []
while True:
    kept.append(np.ones(10**7))
