# Exits with an integer of five thousand digits (json.dumps cannot even print it).
ASSIGNMENT = "columbia-nndl-hw1"
import sys

sys.set_int_max_str_digits(0)
H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
sys.exit(10**5000)
