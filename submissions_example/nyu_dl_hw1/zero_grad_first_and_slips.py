"""Zeroes the gradients first (a valid order), with slips elsewhere.

* 1.1: zero_grad, forward, loss, backward, step: accepted at full credit.
* 1.2: y_hat and the loss written with the names z3 and y_hat, which the question does not allow
  (only x, y, W1, b1, W2, b2): invalid.
* 1.4: dl/dy_hat as a column instead of a 1 x K row (transposed, half credit) and dz2/dz1 without
  the 5 of f = 5 ReLU (constant_factor, half credit).
* 1.3: dl/dW1 written out from y_hat_bar (right); dl/dW2 missing the transpose of z2.
* 2.1: the sigmoid Jacobian written with tanh (wrong).
* 3.2: the edge x -> b is missing.
"""

ASSIGNMENT = "nyu-dl-hw1"

training_steps = ["zero_grad", "forward", "loss", "backward", "step"]
training_steps_math = "..."
forward_z1 = "W1 @ x + b1"
forward_z2 = "5 * relu(W1 @ x + b1)"
forward_z3 = "W2 @ (5 * relu(W1 @ x + b1)) + b2"
forward_y_hat = "z3"
forward_loss = "sum((y_hat - y) ** 2)"
W2_bar = "y_hat_bar @ z2"
b2_bar = "y_hat_bar"
W1_bar = "(W2.T @ y_hat_bar * 5 * step(z1)) @ x.T"
b1_bar = "W2.T @ y_hat_bar * 5 * step(z1)"
dz2_dz1 = "diag(step(z1))"
dyhat_dz3 = "eye(K)"
dl_dyhat = "2 * (y_hat - y)"
tanh_forward_z2 = "tanh(W1 @ x + b1)"
sigmoid_forward_y_hat = "sigmoid(W2 @ tanh(W1 @ x + b1) + b2)"
tanh_dz2_dz1 = "diag(1 - tanh(z1) ** 2)"
sigmoid_dyhat_dz3 = "diag(1 - tanh(z3) ** 2)"
sigmoid_mse_dl_dyhat = "2 * (y_hat - y).T"
bce_dl_dyhat = "((1 - y) / (1 - y_hat) - y / y_hat).T / K"
why_relu = "..."
softargmax = "..."
graph_3_2 = ["x -> a", "y -> a", "z -> a", "a -> b", "a -> w", "b -> w"]
graph_3_2_drawing = "..."
activation_plots = "..."
linear_maps = "..."
training_definition = "..."
