"""Everything right except the 1/K of the BCE loss, forgotten from the start and carried through 2.2.

* 2.2: the BCE loss without the 1/K (constant_factor K, half credit); dl/dy_hat without it
  (constant_factor); dl/dz3 = (y_hat - y)^T is right *for that dl/dy_hat* times the sigmoid
  Jacobian of 2.1: follow-through, full credit; the parameter gradients without it (each step
  constant_factor, half its weight).
* 3.4 and 3.5 are answered as before issue 18 (prose only): the new items are missing.
"""

ASSIGNMENT = "nyu-dl-hw1"

training_steps = ["forward", "loss", "zero_grad", "backward", "step"]
training_steps_math = "y_hat = f(x); l = ||y_hat - y||^2; grads = 0; grads = dl/dtheta; theta -= lr * grads."
forward_z1 = "W1 @ x + b1"
forward_z2 = "5 * relu(W1 @ x + b1)"
forward_z3 = "W2 @ (5 * relu(W1 @ x + b1)) + b2"
forward_y_hat = "W2 @ (5 * relu(W1 @ x + b1)) + b2"
forward_loss = "(W2 @ (5 * relu(W1 @ x + b1)) + b2 - y).T @ (W2 @ (5 * relu(W1 @ x + b1)) + b2 - y)"
W2_bar = "y_hat_bar @ z2.T"                        # g is the identity: dy_hat/dz3 = I
b2_bar = "y_hat_bar"
W1_bar = "(W2.T @ y_hat_bar * 5 * step(z1)) @ x.T"
b1_bar = "W2.T @ y_hat_bar * 5 * step(z1)"
dz2_dz1 = "diag(5 * step(z1))"
dyhat_dz3 = "eye(K)"
dl_dyhat = "2 * (y_hat - y).T"
tanh_forward_z2 = "tanh(W1 @ x + b1)"
sigmoid_forward_y_hat = "sigmoid(W2 @ tanh(W1 @ x + b1) + b2)"
tanh_dz2_dz1 = "diag(1 - z2 * z2)"
sigmoid_dyhat_dz3 = "diag(y_hat * (1 - y_hat))"
sigmoid_mse_dl_dyhat = "2 * (y_hat - y).T"
bce_dl_dyhat = "((y_hat - y) / (y_hat * (1 - y_hat))).T"
bce_loss = "sum(-(y * log(sigmoid(W2 @ tanh(W1 @ x + b1) + b2)) + (1 - y) * log(1 - sigmoid(W2 @ tanh(W1 @ x + b1) + b2))))"
bce_dl_dz3 = "(y_hat - y).T"
bce_W2_bar = "(y_hat - y) @ z2.T"
bce_b2_bar = "y_hat - y"
bce_W1_bar = "(W2.T @ (y_hat - y) * (1 - z2 * z2)) @ x.T"
bce_b1_bar = "W2.T @ (y_hat - y) * (1 - z2 * z2)"
why_relu = "Its derivative is 1 for positive inputs, so gradients do not vanish through many layers."
softargmax = "softmax approximates the one-hot arg max."
graph_3_2 = ["x -> a", "y -> a", "z -> a", "x -> b", "a -> b", "a -> w", "b -> w"]
graph_3_2_drawing = "(figure)"
activation_plots = "(figures)"
linear_maps = "Rotation, reflection, scaling, shearing."
training_definition = "min over theta of (1/N) sum_i ||F_theta(x_i) - y_i||^2"
