"""The correct answers in students' notation: LaTeX, W^{(1)}, (.)^+, \\max(0, .), norms, primes, I_K, diag (issue 14)."""
ASSIGNMENT = "nyu-dl-hw1"

# ---- Problem 1: regression with f = 5 ReLU, g = identity, MSE
training_steps = "forward pass -> compute the loss -> zero grad -> backprop -> update weights"
training_steps_math = ("y_hat = model(x); l = ||y_hat - y||^2; set every .grad to 0; compute dl/dtheta for every "
                       "parameter by backpropagation; theta <- theta - eta * dl/dtheta.")

forward_z1 = r"W^{(1)} x + b^{(1)}"
forward_z2 = r"5(W_1 x + b_1)^+"
forward_z3 = "W2 (5 ReLU(W1 x + b1)) + b2"
forward_y_hat = r"W_2 \cdot 5\max(0, W_1 x + b_1) + b_2"
forward_loss = r"\|W_2 (5 \text{ReLU}(W_1 x + b_1)) + b_2 - y\|^2"

W2_bar = "dyhat_dz3^T y_hat_bar z2^T"                 # products by juxtaposition, ^T for transposes
b2_bar = "dyhat_dz3' y_hat_bar"                       # ' as a transpose
W1_bar = r"dz2_dz1^\top W_2^\top dyhat_dz3^\top y_hat_bar x^\top"
b1_bar = "dz2_dz1^T W2^T dyhat_dz3^T y_hat_bar"

dz2_dz1 = "5 diag(relu'(z1))"
dyhat_dz3 = "I_K"
dl_dyhat = "2(y_hat - y)^T"

# ---- Problem 2: classification with f = tanh, g = sigmoid
tanh_forward_z2 = r"\tanh(W^{(1)} x + b^{(1)})"
sigmoid_forward_y_hat = r"\sigma(W_2 \tanh(W_1 x + b_1) + b_2)"
tanh_dz2_dz1 = r"\text{diag}(1 - \tanh^2(z_1))"
sigmoid_dyhat_dz3 = r"\operatorname{diag}(\sigma'(z_3))"
sigmoid_mse_dl_dyhat = r"2(\hat{y} - y)^\top"
bce_dl_dyhat = "((1 - y) / (1 - y_hat) - y / y_hat).T / K"
why_relu = ("ReLU does not saturate for positive inputs, so its derivative is 1 there and gradients do not shrink "
            "layer after layer as with sigmoid or tanh; it is also cheap and gives sparse activations.")

# ---- Problem 3: conceptual questions
softargmax = ("softmax is a smooth version of the one-hot argmax: as the inputs are scaled up it tends to the "
              "indicator of the largest entry, not to the largest value.")
graph_3_2 = ["x -> a", "y -> a", "z -> a", "x -> b", "a -> b", "a -> w", "b -> w"]
graph_3_2_drawing = "x and y enter a product node, whose output and z enter a sum node giving a; ..."
activation_plots = "See the attached figure: ReLU, LeakyReLU(0.01), Softplus(beta = 1), GELU."
linear_maps = ("Rotation, reflection, scaling and shearing (projection). Linear maps mix and rescale features; "
               "the non-linear activations between them let the network represent non-linear functions.")
training_definition = "theta* = argmin_theta (1/N) sum_i ||F_theta(x_i) - y_i||^2"
