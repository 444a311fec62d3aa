# Integers just over the parent's digit limit (401 digits used to slip past the child and make
# the whole document invalid) and fractions with huge terms.
ASSIGNMENT = "columbia-nndl-hw1"
from fractions import Fraction

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
M = 10**400
H_vhp = [[Fraction(10**500, 3)] * 3] * 3
