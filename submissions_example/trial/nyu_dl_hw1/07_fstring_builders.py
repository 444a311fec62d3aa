"""Building the long expressions with f-strings so I don't mistype them."""
ASSIGNMENT = "nyu-dl-hw1"
import numpy as np

lin1 = "(W1 @ x + b1)"


def wrap(f, inner):
    return f"{f}({inner})"


training_steps = "forward loss zero_grad backward step".split()
training_steps_math = "..."
forward_z1 = lin1
forward_z2 = f"5 * {wrap('relu', lin1)}"
forward_z3 = f"W2 @ {forward_z2} + b2"
forward_y_hat = forward_z3
forward_loss = f"sum(({forward_y_hat} - y) ** 2) / K"

W2_bar = "dyhat_dz3.T @ y_hat_bar @ z2.T"
b2_bar = "dyhat_dz3.T @ y_hat_bar"
W1_bar = "dz2_dz1.T @ W2.T @ dyhat_dz3.T @ y_hat_bar @ x.T"
b1_bar = "dz2_dz1.T @ W2.T @ dyhat_dz3.T @ y_hat_bar"
dz2_dz1 = "diag(5 * step(z1))"
dyhat_dz3 = "eye(K)"
dl_dyhat = "2 * (y_hat - y).T"

t2 = wrap("tanh", lin1)
tanh_forward_z2 = t2
tanh_forward_z3 = f"W2 @ {t2} + b2"
sigmoid_forward_y_hat = wrap("sigmoid", f"W2 @ {t2} + b2")
sigmoid_forward_loss = f"sum(({sigmoid_forward_y_hat} - y) ** 2)"
tanh_dz2_dz1 = "diag(1 - tanh(z1) ** 2)"
sigmoid_dyhat_dz3 = "diag(sigmoid(z3) * (1 - sigmoid(z3)))"
sigmoid_mse_dl_dyhat = "2 * (y_hat - y).T"
tanh_W2_bar = "dyhat_dz3.T @ y_hat_bar @ z2.T"
tanh_b2_bar = "dyhat_dz3.T @ y_hat_bar"
tanh_W1_bar = "dz2_dz1.T @ W2.T @ dyhat_dz3.T @ y_hat_bar @ x.T"
tanh_b1_bar = "dz2_dz1.T @ W2.T @ dyhat_dz3.T @ y_hat_bar"

yh = sigmoid_forward_y_hat
bce_loss = f"-sum(y * log({yh}) + (1 - y) * log(1 - {yh})) / K"
bce_dl_dyhat = "((1 - y) / (1 - y_hat) - y / y_hat).T / K"
bce_dl_dz3 = "(y_hat - y).T"
bce_W2_bar = "(y_hat - y) / K @ z2.T"
bce_b2_bar = "(y_hat - y) / K"
bce_W1_bar = "dz2_dz1.T @ W2.T @ (y_hat - y) / K @ x.T"
bce_b1_bar = "dz2_dz1.T @ W2.T @ (y_hat - y) / K"
why_relu = "..."
softargmax = "..."
nodes = {"a": ["x", "y", "z"], "b": ["x", "a"], "w": ["a", "b"]}
graph_3_2 = [f"{src} -> {dst}" for dst, srcs in nodes.items() for src in srcs]
graph_3_2_drawing = "..."
activation_plots = "..."
print(graph_3_2)

relu = lambda z: float(np.maximum(z, 0))
relu_derivative = lambda z: float(z > 0)
leaky_relu = lambda z: float(np.where(z > 0, z, 0.01 * z))
leaky_relu_derivative = lambda z: float(np.where(z > 0, 1.0, 0.01))
softplus = lambda z: float(np.logaddexp(0, z))
softplus_derivative = lambda z: float(1 / (1 + np.exp(-z)))
gelu = lambda z: float(z * 0.5 * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z ** 3))))


def gelu_derivative(z):
    u = np.sqrt(2 / np.pi) * (z + 0.044715 * z ** 3)
    du = np.sqrt(2 / np.pi) * (1 + 3 * 0.044715 * z ** 2)
    return float(0.5 * (1 + np.tanh(u)) + 0.5 * z * (1 - np.tanh(u) ** 2) * du)


linear_map_types = ["rotation", "reflection", "dilation", "shear"]
linear_maps = "..."
training_objective = "sum((F - Y) * (F - Y)) / K"
training_definition = "..."
