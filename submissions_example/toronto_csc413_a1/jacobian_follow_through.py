"""2.2 only, error carried forward.  dJ/dW1 forgets the ReLU mask (z_bar = W2^T y_bar without
ReLU'(z)); dJ/dW2 uses z where h = ReLU(z) belongs.  Both Jacobians lose their points, but the
norm and the 2.2.2 factors of W1 are computed correctly from that wrong Jacobian: follow-through
credit.  For W2 the norm follows through as well, but the factors are wrong even for the student's
own Jacobian (the squared norm of z miscounted): no credit there."""

ASSIGNMENT = "toronto-csc413-a1"

import numpy as np

W1 = np.array([[1, 2, 1], [-2, 1, 0], [1, -2, -1]])
W2 = np.array([[-2, 4, 1], [1, -2, -3], [-3, 4, 6]])
x = np.array([1, 3, 1])
error_y = np.array([1, 1, 1])
z = W1 @ x
error_z = W2.T @ error_y                  # slip: the ReLU mask is missing

dJ_dW1 = np.outer(error_z, x)
dJ_dW2 = np.outer(error_y, z)             # slip: z instead of h
norm2_W1 = int((dJ_dW1 ** 2).sum())
norm2_W2 = int((dJ_dW2 ** 2).sum())
trick_W1 = [int(x @ x), int(error_z @ error_z)]
trick_W2 = [int(error_y @ error_y), 100]  # slip on top: 64 + 1 + 36 is 101
