"""3.3 written with np.vectorize, lambdas, booleans, naive softplus, and a debugging print."""
import numpy as np
ASSIGNMENT = "nyu-dl-hw1"

# ---- Problem 1: regression with f = 5 ReLU, g = identity, MSE
training_steps = ["forward", "loss", "zero_grad", "backward", "step"]
training_steps_math = ("y_hat = model(x); l = ||y_hat - y||^2; set every .grad to 0; compute dl/dtheta for every "
                       "parameter by backpropagation; theta <- theta - eta * dl/dtheta.")

forward_z1 = "W1 @ x + b1"
forward_z2 = "5 * relu(W1 @ x + b1)"
forward_z3 = "W2 @ (5 * relu(W1 @ x + b1)) + b2"
forward_y_hat = "W2 @ (5 * relu(W1 @ x + b1)) + b2"
forward_loss = "sum((W2 @ (5 * relu(W1 @ x + b1)) + b2 - y) ** 2)"

# only dl/dy_hat (as the column y_hat_bar) and the Jacobians dz2_dz1, dyhat_dz3 are given
W2_bar = "dyhat_dz3.T @ y_hat_bar @ z2.T"
b2_bar = "dyhat_dz3.T @ y_hat_bar"
W1_bar = "dz2_dz1.T @ W2.T @ dyhat_dz3.T @ y_hat_bar @ x.T"
b1_bar = "dz2_dz1.T @ W2.T @ dyhat_dz3.T @ y_hat_bar"

dz2_dz1 = "5 * diag(step(z1))"
dyhat_dz3 = "eye(K)"
dl_dyhat = "2 * (y_hat - y).T"

# ---- Problem 2: classification with f = tanh, g = sigmoid
tanh_forward_z2 = "tanh(W1 @ x + b1)"
tanh_forward_z3 = "W2 @ tanh(W1 @ x + b1) + b2"
sigmoid_forward_y_hat = "sigmoid(W2 @ tanh(W1 @ x + b1) + b2)"
sigmoid_forward_loss = "sum((sigmoid(W2 @ tanh(W1 @ x + b1) + b2) - y) ** 2)"
tanh_dz2_dz1 = "diag(1 - tanh(z1) ** 2)"
sigmoid_dyhat_dz3 = "diag(sigmoid(z3) * (1 - sigmoid(z3)))"
sigmoid_mse_dl_dyhat = "2 * (y_hat - y).T"
tanh_W2_bar = "(y_hat_bar * y_hat * (1 - y_hat)) @ z2.T"      # written out: dyhat_dz3 is diag(y_hat (1 - y_hat))
tanh_b2_bar = "y_hat_bar * y_hat * (1 - y_hat)"
tanh_W1_bar = "(W2.T @ (y_hat_bar * y_hat * (1 - y_hat)) * (1 - z2 ** 2)) @ x.T"
tanh_b1_bar = "W2.T @ (y_hat_bar * y_hat * (1 - y_hat)) * (1 - z2 ** 2)"
bce_loss = "mean(-(y * log(sigmoid(W2 @ tanh(W1 @ x + b1) + b2)) + (1 - y) * log(1 - sigmoid(W2 @ tanh(W1 @ x + b1) + b2))))"
bce_dl_dyhat = "((1 - y) / (1 - y_hat) - y / y_hat).T / K"
bce_dl_dz3 = "(y_hat - y).T / K"
bce_W2_bar = "(y_hat - y) / K @ z2.T"
bce_b2_bar = "(y_hat - y) / K"
bce_W1_bar = "dz2_dz1.T @ W2.T @ (y_hat - y) / K @ x.T"
bce_b1_bar = "dz2_dz1.T @ W2.T @ (y_hat - y) / K"
why_relu = ("ReLU does not saturate for positive inputs, so its derivative is 1 there and gradients do not shrink "
            "layer after layer as with sigmoid or tanh; it is also cheap and gives sparse activations.")

# ---- Problem 3: conceptual questions
softargmax = ("softmax is a smooth version of the one-hot argmax: as the inputs are scaled up it tends to the "
              "indicator of the largest entry, not to the largest value.")
graph_3_2 = ["x -> a", "y -> a", "z -> a", "x -> b", "a -> b", "a -> w", "b -> w"]
graph_3_2_drawing = "x and y enter a product node, whose output and z enter a sum node giving a; ..."
activation_plots = "See the attached figure: ReLU, LeakyReLU(0.01), Softplus(beta = 1), GELU and their derivatives."

import math


relu = np.vectorize(lambda z: max(0.0, z))

def relu_derivative(z):
    return z > 0                                       # True / False

def leaky_relu(z):
    return np.where(z > 0, z, 0.01 * z)               # a 0-d array for a number

leaky_relu_derivative = lambda z: np.heaviside(z, 1.0) * 0.99 + 0.01

def softplus(z):
    return math.log(1 + math.exp(z))                 # overflows for z > 709

def softplus_derivative(z):
    return np.exp(z) / (1 + np.exp(z))

def gelu(z):
    out = 0.5 * z * (1 + math.erf(z / math.sqrt(2)))
    print('gelu', z, out)
    return out

def gelu_derivative(z):
    return 0.5 * (1 + math.erf(z / math.sqrt(2))) + z * math.exp(-z * z / 2) / math.sqrt(2 * math.pi)


linear_map_types = ["rotation", "reflection", "scaling", "shearing"]
linear_maps = ("Linear maps mix and rescale features; the non-linear activations between them let the network "
               "represent non-linear functions.")
training_objective = "sum((F - Y) * (F - Y)) / N"
training_definition = "theta* = argmin_theta (1/N) sum_i ||F_theta(x_i) - y_i||^2"
