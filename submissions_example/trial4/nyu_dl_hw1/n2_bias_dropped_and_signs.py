"""NYU Deep Learning HW1"""
ASSIGNMENT = "nyu-dl-hw1"
import math

training_steps = ["zero_grad", "forward", "loss", "backward", "step"]
training_steps_math = "zero; y_hat = f(x); loss; grads; update"

forward_z1 = "W1 @ x"
forward_z2 = "5 * relu(W1 @ x)"
forward_z3 = "W2 @ (5 * relu(W1 @ x)) + b2"
forward_y_hat = "W2 @ (5 * relu(W1 @ x)) + b2"
forward_loss = "sum((W2 @ (5 * relu(W1 @ x)) + b2 - y) ** 2)"

W2_bar = "dyhat_dz3.T @ y_hat_bar @ z2"
b2_bar = "dyhat_dz3.T @ y_hat_bar"
W1_bar = "dz2_dz1 @ W2.T @ dyhat_dz3 @ y_hat_bar @ x.T"
b1_bar = "dz2_dz1.T @ W2.T @ dyhat_dz3.T @ y_hat_bar"

dz2_dz1 = "5 * step(z1)"
dyhat_dz3 = "1"
dl_dyhat = "(y_hat - y).T"

tanh_forward_z2 = "tanh(W1 @ x) + b1"
tanh_forward_z3 = "W2 @ (tanh(W1 @ x) + b1) + b2"
sigmoid_forward_y_hat = "sigmoid(W2 @ (tanh(W1 @ x) + b1) + b2)"
sigmoid_forward_loss = "sum((sigmoid(W2 @ (tanh(W1 @ x) + b1) + b2) - y) ** 2)"
tanh_dz2_dz1 = "diag(1 - tanh(z1) ** 2)"
sigmoid_dyhat_dz3 = "diag(sigmoid(z3))"
sigmoid_mse_dl_dyhat = "2 * (y_hat - y).T"
tanh_W2_bar = "y_hat_bar @ z2.T"
tanh_b2_bar = "y_hat_bar"
tanh_W1_bar = "(W2.T @ y_hat_bar * (1 - z2 ** 2)) @ x.T"
tanh_b1_bar = "W2.T @ y_hat_bar * (1 - z2 ** 2)"
bce_loss = "mean(y * log(sigmoid(W2 @ tanh(W1 @ x + b1) + b2)) + (1 - y) * log(1 - sigmoid(W2 @ tanh(W1 @ x + b1) + b2)))"
bce_dl_dyhat = "(y / y_hat - (1 - y) / (1 - y_hat)).T / K"
bce_dl_dz3 = "(y - y_hat).T / K"
bce_W2_bar = "(y_hat - y) / K @ z2.T"
bce_b2_bar = "(y_hat - y) / K"
bce_W1_bar = "dz2_dz1.T @ W2.T @ (y_hat - y) / K @ x.T"
bce_b1_bar = "dz2_dz1.T @ W2.T @ (y_hat - y) / K"
why_relu = "no vanishing gradient"

softargmax = "it is a soft argmax"
graph_3_2 = ["x -> a", "y -> a", "z -> a", "x -> b", "a -> b", "a -> w", "b -> w"]
graph_3_2_drawing = "see pdf"
activation_plots = "see pdf"


def relu(z):
    return max(z, 0.0)


def relu_derivative(z):
    return 1.0


def leaky_relu(z):
    return z if z > 0 else 0.01 * z


def leaky_relu_derivative(z):
    return 1.0 if z > 0 else 0.01


def softplus(z):
    return math.log1p(math.exp(z))


def softplus_derivative(z):
    return 1 / (1 + math.exp(-z))


def gelu(z):
    return z * 0.5 * (1 + math.erf(z / math.sqrt(2)))


def gelu_derivative(z):
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


linear_map_types = ["rotation", "reflection", "scaling", "projection"]
linear_maps = "composition"
training_objective = "sum(F - Y) ** 2 / N"
training_definition = ""
