# Right Hessian and right z, but the reverse-mode scalar is off and the forward-mode matrix is
# transposed in one place (a copying slip in row 2).
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20],
     [8, 4, 10],
     [20, 10, 25]]

M = 10                      # slip: v^T y = 8 + 2 + 2 = 12

H_vhp = [[16, 4, 8],
         [4, 1, 3],         # slip: should be the outer product of v with itself
         [8, 2, 4]]

z = [48, 12, 24]

explanation_1_3 = "Outer product of v with itself."
