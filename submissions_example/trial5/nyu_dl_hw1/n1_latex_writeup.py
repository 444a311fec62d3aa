"""A strong student who writes LaTeX from the write-up; BCE via the log-sigmoid identity; a set of map types."""
ASSIGNMENT = "nyu-dl-hw1"

import math

training_steps = ("forward", "loss", "zero_grad", "backward", "step")
training_steps_math = "forward, loss, zero the grads, backprop, SGD step."

forward_z1 = r"\mathbf{W}_1 \mathbf{x} + \mathbf{b}_1"
forward_z2 = r"5\left(W_1 x + b_1\right)^+"
forward_z3 = r"W_2\left(5\left(W_1 x + b_1\right)^+\right) + b_2"
forward_y_hat = r"W_2\left(5\left(W_1 x + b_1\right)^+\right) + b_2"
forward_loss = r"\left\|W_2\left(5\left(W_1 x + b_1\right)^+\right) + b_2 - y\right\|_2^2"

W2_bar = "(dyhat_dz3.T @ y_hat_bar) @ z2.T"
b2_bar = "dyhat_dz3.T @ y_hat_bar"
W1_bar = "dz2_dz1.T @ (W2.T @ (dyhat_dz3.T @ y_hat_bar)) @ x.T"
b1_bar = "dz2_dz1.T @ (W2.T @ (dyhat_dz3.T @ y_hat_bar))"

dz2_dz1 = r"5\,\operatorname{diag}\left(\mathbb{1}[z_1 > 0]\right)"
dyhat_dz3 = r"\mathbf{I}_K"
dl_dyhat = r"2\left(\hat{y} - y\right)^\top"

tanh_forward_z2 = r"\tanh\left(W_1 x + b_1\right)"
tanh_forward_z3 = r"W_2 \tanh\left(W_1 x + b_1\right) + b_2"
sigmoid_forward_y_hat = r"\sigma\left(W_2 \tanh\left(W_1 x + b_1\right) + b_2\right)"
sigmoid_forward_loss = r"\left\|\sigma\left(W_2 \tanh\left(W_1 x + b_1\right) + b_2\right) - y\right\|^2"
tanh_dz2_dz1 = r"\operatorname{diag}\left(1 - \tanh^2(z_1)\right)"
sigmoid_dyhat_dz3 = r"\operatorname{diag}\left(\sigma(z_3)\left(1 - \sigma(z_3)\right)\right)"
sigmoid_mse_dl_dyhat = r"2\left(\hat{y} - y\right)^\top"
tanh_W2_bar = "((y_hat - y_hat ** 2) * y_hat_bar) @ z2.T"
tanh_b2_bar = "(y_hat - y_hat ** 2) * y_hat_bar"
tanh_W1_bar = "((1 - z2 ** 2) * (W2.T @ (y_hat * (1 - y_hat) * y_hat_bar))) @ x.T"
tanh_b1_bar = "(1 - z2 ** 2) * (W2.T @ (y_hat * (1 - y_hat) * y_hat_bar))"
# BCE(sigmoid(z), y) = log(1 + e^z) - y z, averaged over the K outputs
bce_loss = "mean(log(1 + exp(W2 @ tanh(W1 @ x + b1) + b2)) - y * (W2 @ tanh(W1 @ x + b1) + b2))"
bce_dl_dyhat = "((y_hat - y) / (K * y_hat * (1 - y_hat))).T"
bce_dl_dz3 = r"\frac{1}{K}\left(\hat{y} - y\right)^\top"
bce_W2_bar = "np.outer(y_hat - y, z2) / K"
bce_b2_bar = "(y_hat - y) * (1 / K)"
bce_W1_bar = "((1 - z2 ** 2) * (W2.T @ (y_hat - y))) @ x.T / K"
bce_b1_bar = "(1 - z2 ** 2) * (W2.T @ (y_hat - y)) / K"
why_relu = "No saturation for z > 0."

softargmax = "smooth argmax (one-hot)."
graph_3_2 = ["b -> w", "a -> w", "a -> b", "x -> b", "z -> a", "y -> a", "x -> a"]
graph_3_2_drawing = "see figure"
activation_plots = "see figure"


def relu(z):
    return z if z > 0 else 0.0


def relu_derivative(z):
    return float(z > 0)


def leaky_relu(z):
    return max(z, 0.01 * z)


def leaky_relu_derivative(z):
    return 0.01 + 0.99 * (z > 0)


def softplus(z):
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))      # stable form


def softplus_derivative(z):
    return math.exp(z) / (1 + math.exp(z)) if z < 0 else 1 / (1 + math.exp(-z))


def gelu(z):
    return z * (1 + math.erf(z / math.sqrt(2))) / 2


def gelu_derivative(z):
    Phi = (1 + math.erf(z / math.sqrt(2))) / 2
    phi = math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    return Phi + z * phi


linear_map_types = {"shearing", "scaling", "rotation", "reflection"}
linear_maps = "Affine maps between non-linearities."
training_objective = r"\frac{1}{N}\left\|F - Y\right\|^2"
training_definition = "argmin of the mean squared error"
