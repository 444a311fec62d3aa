"""Typical slips on the items added with issue 18 (2.1, 2.2, 3.3 to 3.5).

* 2.1: z3 right; the loss uses tanh in place of the sigmoid (wrong); the backward pass forgets the
  sigmoid Jacobian in dl/dW2 and dl/db2, and dl/dW1 and dl/db1 use z2_bar, which is not given.
* 2.2: dl/dz3 written as (y_hat - y) / K, a column (transposed, half credit).
* 3.3: LeakyReLU with the slope 0.2 of an older handout (wrong); its derivative likewise; GELU with
  the tanh approximation (accepted); ReLU's derivative as a step that is 1 at negative inputs.
* 3.4: translation is affine, not linear: three of four (partial).
* 3.5: the objective as a sum over the data set (same minimiser: accepted).
"""

import math

ASSIGNMENT = "nyu-dl-hw1"

tanh_forward_z2 = "tanh(W1 @ x + b1)"
tanh_forward_z3 = "W2 @ tanh(W1 @ x + b1) + b2"
sigmoid_forward_y_hat = "sigmoid(W2 @ tanh(W1 @ x + b1) + b2)"
sigmoid_forward_loss = "sum((tanh(W2 @ tanh(W1 @ x + b1) + b2) - y) ** 2)"
tanh_W2_bar = "y_hat_bar @ z2.T"
tanh_b2_bar = "y_hat_bar"
tanh_W1_bar = "z2_bar * (1 - z2 ** 2) @ x.T"
tanh_b1_bar = "z2_bar * (1 - z2 ** 2)"

bce_dl_dz3 = "(y_hat - y) / K"


def relu(z):
    return max(z, 0.0)


def relu_derivative(z):
    return 1.0 if z < 0 else 0.0


def leaky_relu(z):
    return z if z > 0 else 0.2 * z


def leaky_relu_derivative(z):
    return 1.0 if z > 0 else 0.2


def softplus(z):
    return math.log(1 + math.exp(z))


def softplus_derivative(z):
    return math.exp(z) / (1 + math.exp(z))


def gelu(z):
    return 0.5 * z * (1 + math.tanh(math.sqrt(2 / math.pi) * (z + 0.044715 * z ** 3)))


def gelu_derivative(z):
    inner = math.sqrt(2 / math.pi) * (z + 0.044715 * z ** 3)
    sech2 = 1 - math.tanh(inner) ** 2
    return 0.5 * (1 + math.tanh(inner)) + 0.5 * z * sech2 * math.sqrt(2 / math.pi) * (1 + 3 * 0.044715 * z ** 2)


linear_map_types = ["Rotation", "reflection", "dilation", "translation"]
training_objective = "sum((F - Y) * (F - Y))"
