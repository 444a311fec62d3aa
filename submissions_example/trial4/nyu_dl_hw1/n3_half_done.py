"""hw1 - did what I could"""
ASSIGNMENT = "nyu-dl-hw1"
import math

training_steps = ["forward", "loss", "backward", "step"]
training_steps_math = ""

forward_z1 = "W1 @ x + b1"
forward_z2 = None
forward_z3 = "W2 @ z2 + b2"
forward_y_hat = None
forward_loss = "sum((y_hat - y) ** 2)"

W2_bar = "y_hat_bar @ z2.T"
b2_bar = "y_hat_bar"
W1_bar = None
b1_bar = None

dz2_dz1 = "5 * eye(H)"
dyhat_dz3 = "eye(K)"
dl_dyhat = None

tanh_forward_z2 = None
tanh_forward_z3 = None
sigmoid_forward_y_hat = None
sigmoid_forward_loss = None
tanh_dz2_dz1 = None
sigmoid_dyhat_dz3 = None
sigmoid_mse_dl_dyhat = None
tanh_W2_bar = None
tanh_b2_bar = None
tanh_W1_bar = None
tanh_b1_bar = None
bce_loss = None
bce_dl_dyhat = "(y_hat - y).T / K"
bce_dl_dz3 = "(y_hat - y).T / K"
bce_W2_bar = None
bce_b2_bar = None
bce_W1_bar = None
bce_b1_bar = None
why_relu = ""

softargmax = ""
graph_3_2 = None
graph_3_2_drawing = ""
activation_plots = ""


def relu(z):
    return max(z, 0.0)


def relu_derivative(z):
    return 1.0 if z > 0 else 0.0


def leaky_relu(z):
    return max(0.01 * z, z)


def leaky_relu_derivative(z):
    return 1.0 if z > 0 else 0.01


def softplus(z):
    return math.log(1 + math.exp(z))


def softplus_derivative(z):
    return 1 / (1 + math.exp(-z))


gelu = None
gelu_derivative = None

linear_map_types = ["rotation", "scaling"]
linear_maps = ""
training_objective = "sum((F - Y) ** 2) / N"
training_definition = ""
