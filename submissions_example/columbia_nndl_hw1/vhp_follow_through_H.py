# 1.3.1 only, forward mode: one entry of H = v v^T copied wrong (row 2, column 3), then z = H y
# computed correctly from that H.  z earns follow-through credit; H loses its own points.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20],
     [8, 4, 10],
     [20, 10, 25]]

M = 12

H_vhp = [[16, 4, 8],
         [4, 1, 3],         # slip: should be 2
         [8, 2, 4]]

z = [48, 13, 24]            # H y with the H above
