"""DL hw1"""
ASSIGNMENT = "nyu-dl-hw1"
import math

training_steps = ["forward", "backward", "loss", "zero_grad", "step"]
training_steps_math = "predict, backprop, loss, zero, update"

forward_z1 = "W1 @ x + b1"
forward_z2 = "relu(W1 @ x + b1)"
forward_z3 = "W2 @ relu(W1 @ x + b1) + b2"
forward_y_hat = "W2 @ relu(W1 @ x + b1) + b2"
forward_loss = "sum((W2 @ relu(W1 @ x + b1) + b2 - y) ** 2)"

W2_bar = "dyhat_dz3.T @ y_hat_bar @ z2.T"
b2_bar = "dyhat_dz3.T @ y_hat_bar"
W1_bar = "W2.T @ dyhat_dz3.T @ y_hat_bar @ x.T"
b1_bar = "W2.T @ dyhat_dz3.T @ y_hat_bar"

dz2_dz1 = "diag(step(z1))"
dyhat_dz3 = "eye(K)"
dl_dyhat = "2 * (y_hat - y)"

tanh_forward_z2 = "tanh(W1 @ x + b1)"
tanh_forward_z3 = "W2 @ tanh(W1 @ x + b1) + b2"
sigmoid_forward_y_hat = "sigmoid(W2 @ tanh(W1 @ x + b1) + b2)"
sigmoid_forward_loss = "sum((sigmoid(W2 @ tanh(W1 @ x + b1) + b2) - y) ** 2)"
tanh_dz2_dz1 = "diag(1 - tanh(z1))"
sigmoid_dyhat_dz3 = "diag(sigmoid(z3) * (1 - sigmoid(z3)))"
sigmoid_mse_dl_dyhat = "2 * (y_hat - y).T"
tanh_W2_bar = "(y_hat_bar * y_hat * (1 - y_hat)) @ z2.T"
tanh_b2_bar = "y_hat_bar * y_hat * (1 - y_hat)"
tanh_W1_bar = "(W2.T @ (y_hat_bar * y_hat * (1 - y_hat)) * (1 - z2 ** 2)) @ x.T"
tanh_b1_bar = "W2.T @ (y_hat_bar * y_hat * (1 - y_hat)) * (1 - z2 ** 2)"
bce_loss = "sum(-(y * log(sigmoid(W2 @ tanh(W1 @ x + b1) + b2)) + (1 - y) * log(1 - sigmoid(W2 @ tanh(W1 @ x + b1) + b2))))"
bce_dl_dyhat = "((1 - y) / (1 - y_hat) - y / y_hat).T"
bce_dl_dz3 = "(y_hat - y).T"
bce_W2_bar = "(y_hat - y) / K @ z2.T"
bce_b2_bar = "(y_hat - y) / K"
bce_W1_bar = "dz2_dz1.T @ W2.T @ (y_hat - y) / K @ x.T"
bce_b1_bar = "dz2_dz1.T @ W2.T @ (y_hat - y) / K"
why_relu = "it is fast"

softargmax = "softmax gives the max value smoothly"
graph_3_2 = ["x -> a", "y -> a", "z -> a", "a -> b", "a -> w", "b -> w"]
graph_3_2_drawing = "see pdf"
activation_plots = "see pdf"


def relu(z):
    return max(z, 0.0)


def relu_derivative(z):
    return 1.0 if z > 0 else 0.0


def leaky_relu(z):
    return z if z > 0 else 0.1 * z


def leaky_relu_derivative(z):
    return 1.0 if z > 0 else 0.1


def softplus(z):
    return math.log1p(math.exp(z))


def softplus_derivative(z):
    return math.exp(z) / (1 + math.exp(z))


def gelu(z):
    return z / (1 + math.exp(-1.702 * z))


def gelu_derivative(z):
    return 0.5 * (1 + math.erf(z / math.sqrt(2))) + z * math.exp(-z * z / 2) / math.sqrt(2 * math.pi)


linear_map_types = ["rotation", "reflection", "scaling", "translation"]
linear_maps = "linear then nonlinear"
training_objective = "sum((F - Y) ** 2)"
training_definition = ""
