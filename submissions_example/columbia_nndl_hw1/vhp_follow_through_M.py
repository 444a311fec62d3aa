# 1.3.1 only, reverse mode: v^T y added up wrong (M = 10 instead of 12), then z = v M computed
# correctly from that M.  z earns follow-through credit; M loses its own points.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20],
     [8, 4, 10],
     [20, 10, 25]]

M = 10                      # slip: 8 + 2 + 2 is 12

H_vhp = [[16, 4, 8],
         [4, 1, 2],
         [8, 2, 4]]

z = [40, 10, 20]            # v * M with the M above
