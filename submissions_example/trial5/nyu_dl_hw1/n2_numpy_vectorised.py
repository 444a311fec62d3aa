"""A strong numpy student: zero_grad first, tanh written through sigmoid, vectorised activation functions."""
ASSIGNMENT = "nyu-dl-hw1"

import numpy as np

training_steps = ["zero_grad", "forward", "loss", "backward", "step"]
training_steps_math = "optimizer.zero_grad(); y_hat = model(x); loss; loss.backward(); optimizer.step()"

forward_z1 = "np.dot(W1, x) + b1"
forward_z2 = "5 * np.maximum(W1 @ x + b1, 0)"
forward_z3 = "W2 @ np.maximum(5 * (W1 @ x + b1), 0) + b2"
forward_y_hat = "b2 + 5 * W2 @ relu(W1 @ x + b1)"
forward_loss = "np.sum(np.square(W2 @ (5 * relu(W1 @ x + b1)) + b2 - y))"

# g is the identity, so dyhat_dz3 = I and can be left out
W2_bar = "np.outer(y_hat_bar, z2)"
b2_bar = "y_hat_bar"
W1_bar = "5 * ((W2.T @ y_hat_bar) * (z1 > 0)) @ x.T"
b1_bar = "5 * np.heaviside(z1, 0) * (W2.T @ y_hat_bar)"

dz2_dz1 = "np.diag(5 * step(z1))"
dyhat_dz3 = "np.eye(K)"
dl_dyhat = "(2 * y_hat - 2 * y).T"

tanh_forward_z2 = "2 * sigmoid(2 * (W1 @ x + b1)) - 1"
tanh_forward_z3 = "W2 @ (2 * sigmoid(2 * (W1 @ x + b1)) - 1) + b2"
sigmoid_forward_y_hat = "1 / (1 + np.exp(-(W2 @ np.tanh(W1 @ x + b1) + b2)))"
sigmoid_forward_loss = "np.sum((1 / (1 + np.exp(-(W2 @ np.tanh(W1 @ x + b1) + b2))) - y) ** 2)"
tanh_dz2_dz1 = "np.diag((1 - z2) * (1 + z2))"
sigmoid_dyhat_dz3 = "np.diag(y_hat * (1 - y_hat))"
sigmoid_mse_dl_dyhat = "-2 * (y - y_hat).T"
tanh_W2_bar = "np.outer(y_hat_bar * y_hat * (1 - y_hat), z2)"
tanh_b2_bar = "y_hat * (1 - y_hat) * y_hat_bar"
tanh_W1_bar = "np.outer((1 - z2 ** 2) * (W2.T @ (y_hat * (1 - y_hat) * y_hat_bar)), x)"
tanh_b1_bar = "(1 - np.tanh(z1) ** 2) * (W2.T @ (y_hat * (1 - y_hat) * y_hat_bar))"
bce_loss = ("-np.mean(y * np.log(1 / (1 + np.exp(-(W2 @ np.tanh(W1 @ x + b1) + b2)))) "
            "+ (1 - y) * np.log(1 - 1 / (1 + np.exp(-(W2 @ np.tanh(W1 @ x + b1) + b2)))))")
bce_dl_dyhat = "(-y / y_hat + (1 - y) / (1 - y_hat)).T / K"
bce_dl_dz3 = "((y_hat - y) / K).T"
bce_W2_bar = "(y_hat - y) @ z2.T / K"
bce_b2_bar = "(y_hat - y) / K"
bce_W1_bar = "((W2.T @ (y_hat - y)) * (1 - z2 ** 2)) @ x.T / K"
bce_b1_bar = "(W2.T @ (y_hat - y)) * (1 - np.tanh(z1) ** 2) / K"
why_relu = "no vanishing gradient for z > 0"

softargmax = "soft version of argmax"
graph_3_2 = ["x -> b -> w", "y -> a", "x -> a -> b", "z -> a", "a -> w"]
graph_3_2_drawing = "see figure"
activation_plots = "see figure"


def relu(z):
    return np.maximum(z, 0)


def relu_derivative(z):
    return np.heaviside(z, 0.0)


def leaky_relu(z):
    return np.where(z > 0, z, 0.01 * z)


def leaky_relu_derivative(z):
    return np.where(z > 0, 1.0, 0.01)


def softplus(z):
    return np.logaddexp(0, z)


def softplus_derivative(z):
    return 0.5 * (1 + np.tanh(z / 2))


def gelu(z):
    from math import erf, sqrt
    return 0.5 * z * (1 + np.vectorize(erf)(np.asarray(z) / sqrt(2)))


def gelu_derivative(z):
    from math import erf, sqrt, pi
    z = np.asarray(z, dtype=float)
    return 0.5 * (1 + np.vectorize(erf)(z / sqrt(2))) + z * np.exp(-z ** 2 / 2) / np.sqrt(2 * pi)


linear_map_types = ("shearing", "reflection", "rotation", "scaling")
linear_maps = "linear maps + nonlinearities"
training_objective = "np.sum(np.square(F - Y)) / N"
training_definition = "argmin mean squared error"
