# 1.3.1 only: M added up wrong, and z is wrong even for that M (and for the right H): no credit for z.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20],
     [8, 4, 10],
     [20, 10, 25]]

M = 10

H_vhp = [[16, 4, 8],
         [4, 1, 2],
         [8, 2, 4]]

z = [40, 10, 24]
