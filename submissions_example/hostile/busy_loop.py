# Spins forever after assigning two honest answers.  Expect: stopped at the CPU or wall-clock
# limit, a complete report, and the honest H and z still graded (9 points).
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

while True:
    pass
