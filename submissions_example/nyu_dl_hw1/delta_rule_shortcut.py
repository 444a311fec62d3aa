"""1.3 answered with the generic delta rule: dl/dW1 = z1_bar x^T with the error signal at z1 taken
as known.  The handout gives only dl/dy_hat and the Jacobians, so the steps that lean on an error
signal it does not give earn nothing; dl/dW2 and dl/db2 are carried from y_hat_bar and are right.
The forward pass: z3 forgets the factor 5 of f, and y_hat and the loss are built correctly on that
z3 (g is the identity): follow-through for both."""

ASSIGNMENT = "nyu-dl-hw1"

forward_z1 = "W1 @ x + b1"
forward_z2 = "5 * relu(W1 @ x + b1)"
forward_z3 = "W2 @ relu(W1 @ x + b1) + b2"            # slip: the 5 of f = 5 ReLU is lost
forward_y_hat = "W2 @ relu(W1 @ x + b1) + b2"
forward_loss = "sum((W2 @ relu(W1 @ x + b1) + b2 - y) ** 2)"

W2_bar = "y_hat_bar @ z2.T"
b2_bar = "y_hat_bar"
W1_bar = "z1_bar @ x.T"
b1_bar = "z1_bar"
