# NYU DL hw1 -- numpy-style expression strings
ASSIGNMENT = "nyu-dl-hw1"
import numpy as np

training_steps = ["forward", "loss", "backward", "zero_grad", "step"]
training_steps_math = "pred, loss, grads, zero, update"

forward_z1 = "np.dot(W1, x) + b1"
forward_z2 = "5 * np.maximum(np.dot(W1, x) + b1, 0)"
forward_z3 = "np.dot(W2, 5 * np.maximum(np.dot(W1, x) + b1, 0)) + b2"
forward_y_hat = "np.dot(W2, 5 * np.maximum(np.dot(W1, x) + b1, 0)) + b2"
forward_loss = "np.sum((np.dot(W2, 5 * np.maximum(np.dot(W1, x) + b1, 0)) + b2 - y) ** 2)"

W2_bar = "y_hat_bar @ z2.T"
b2_bar = "y_hat_bar"
W1_bar = "x @ (dz2_dz1.T @ W2.T @ y_hat_bar).T"
b1_bar = "dz2_dz1.T @ W2.T @ y_hat_bar"

dz2_dz1 = "np.diag(z1 > 0)"
dyhat_dz3 = "np.eye(K)"
dl_dyhat = "2 * (y_hat - y)"

tanh_forward_z2 = "np.tanh(W1 @ x + b1)"
tanh_forward_z3 = "W2 @ np.tanh(W1 @ x + b1) + b2"
sigmoid_forward_y_hat = "1 / (1 + np.exp(-(W2 @ np.tanh(W1 @ x + b1) + b2)))"
sigmoid_forward_loss = "np.sum((1 / (1 + np.exp(-(W2 @ np.tanh(W1 @ x + b1) + b2))) - y) ** 2)"
tanh_dz2_dz1 = "np.diag(1 - np.tanh(z1) ** 2)"
sigmoid_dyhat_dz3 = "np.diag(y_hat * (1 - y_hat))"
sigmoid_mse_dl_dyhat = "2 * (y_hat - y).T"
tanh_W2_bar = "dyhat_dz3.T @ y_hat_bar @ z2.T"
tanh_b2_bar = "dyhat_dz3.T @ y_hat_bar"
tanh_W1_bar = "dz2_dz1.T @ W2.T @ dyhat_dz3.T @ y_hat_bar @ x.T"
tanh_b1_bar = "dz2_dz1.T @ W2.T @ dyhat_dz3.T @ y_hat_bar"

bce_loss = "np.mean(-(y * np.log(sigmoid(W2 @ np.tanh(W1 @ x + b1) + b2)) + (1 - y) * np.log(1 - sigmoid(W2 @ np.tanh(W1 @ x + b1) + b2))))"
bce_dl_dyhat = "((y_hat - y) / (y_hat * (1 - y_hat))).T / K"
bce_dl_dz3 = "(y_hat - y).T / K"
bce_W2_bar = "(y_hat - y) / K @ z2.T"
bce_b2_bar = "(y_hat - y) / K"
bce_W1_bar = "dz2_dz1.T @ W2.T @ (y_hat - y) / K @ x.T"
bce_b1_bar = "dz2_dz1.T @ W2.T @ (y_hat - y) / K"
why_relu = "gradient does not vanish"
softargmax = "soft version of argmax"
graph_3_2 = ["x -> a", "y -> a", "z -> a", "a -> b", "a -> w", "b -> w"]
graph_3_2_drawing = "drawn on paper"
activation_plots = "attached"


def relu(z):
    return np.maximum(z, 0)


def relu_derivative(z):
    return np.heaviside(z, 0)


def leaky_relu(z):
    return np.where(z > 0, z, 0.01 * z)


def leaky_relu_derivative(z):
    return np.where(z > 0, 1, 0)


def softplus(z):
    return np.log1p(np.exp(z))


def softplus_derivative(z):
    return np.exp(z) / (1 + np.exp(z))


def gelu(z):
    from scipy.stats import norm
    return z * norm.cdf(z)


def gelu_derivative(z):
    from scipy.stats import norm
    return norm.cdf(z) + z * norm.pdf(z)


linear_map_types = ["rotation", "scaling", "shear", "translation"]
linear_maps = "..."
training_objective = "np.sum((F - Y) ** 2) / N"
training_definition = ""
