"""The answers of the seed 004 write-up, typed into the template.

What it shows:
* 1.1: the five steps in the course's order.
* 1.2: z3 written as 5 W2 (W1 x + b1) + b2 (the ReLU got lost when expanding), and y_hat and the
  loss with the factor 5 applied to b2 as well.
* 1.3: dl/dW1 written as dl/dy_hat dy_hat/dz3 W2 dz2/dz1 x^T: with dl/dy_hat a row, the product
  has the wrong shape (transposed); dl/db1 comes out as a row.
* 1.4 and 2.1: the Jacobians, right (5 I(z1 > 0) on the diagonal, the identity, 2 (y_hat - y)^T).
* 2.2: the BCE gradient without the 1/K of the loss (constant_factor, factor K).
* 3.4: reflection, rotation, projection and dilation (scaling): four linear maps.  3.5 is answered
  with the SGD update rule, not the objective, so the objective item is left unanswered.
"""

ASSIGNMENT = "nyu-dl-hw1"

training_steps = ["forward pass", "compute loss", "zero_grad", "backward", "step"]
training_steps_math = ("Prediction y~ = model(x); the loss (energy); optimiser.zero_grad(); L.backward(); "
                       "optimiser.step().")

forward_z1 = "W1 @ x + b1"
forward_z2 = "5 * max(W1 @ x + b1, 0)"
forward_z3 = "5 * W2 @ (W1 @ x + b1) + b2"
forward_y_hat = "5 * (W2 @ max(W1 @ x + b1, 0) + b2)"
forward_loss = "sum((5 * (W2 @ max(W1 @ x + b1, 0) + b2) - y) ** 2)"

W2_bar = "5 * y_hat_bar @ max(W1 @ x + b1, 0).T"
b2_bar = "y_hat_bar"
W1_bar = "y_hat_bar.T @ W2 @ diag(5 * step(z1)) @ x.T"
b1_bar = "y_hat_bar.T @ W2 @ diag(5 * step(z1))"

dz2_dz1 = "5 * diag(step(z1))"
dyhat_dz3 = "eye(K)"
dl_dyhat = "2 * (y_hat - y).T"

tanh_forward_z2 = "tanh(W1 @ x + b1)"
sigmoid_forward_y_hat = "1 / (1 + exp(-(W2 @ tanh(W1 @ x + b1) + b2)))"
tanh_dz2_dz1 = "diag(1 - tanh(W1 @ x + b1) ** 2)"
sigmoid_dyhat_dz3 = "diag(sigmoid(z3) * (1 - sigmoid(z3)))"
sigmoid_mse_dl_dyhat = "2 * (y_hat - y).T"
bce_dl_dyhat = "(-y / y_hat + (1 - y) / (1 - y_hat)).T"
why_relu = ("Sigmoid is more expensive (exponential); ReLU gives sparse activations and avoids the vanishing "
            "gradient problem since its gradient is constant for positive inputs.")

softargmax = "It is a smooth approximation of arg max (the index of the maximum), not of max."
graph_3_2 = ["x -> a", "y -> a", "z -> a", "x -> b", "a -> b", "a -> w", "b -> w"]
graph_3_2_drawing = "(figure)"
activation_plots = "(figures)"
linear_map_types = ["reflection", "rotation", "projection", "dilation"]
linear_maps = ("Reflection, rotation, projection and dilation. Each unit takes a linear combination of its inputs; "
               "activation functions add the non-linearity.")
training_definition = "theta_i = theta_i - alpha * dl/dtheta_i"
