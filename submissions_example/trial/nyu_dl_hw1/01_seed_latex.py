"""DL HW1 theory -- transcribed from my LaTeX (seed-style slips)."""
ASSIGNMENT = "nyu-dl-hw1"
import math

training_steps = ["model(x)", "compute the loss", "optimiser.zero_grad()", "loss.backward()", "optimiser.step()"]
training_steps_math = r"$\hat y = model(x)$, $\ell = \|\hat y - y\|^2$, zero grads, backward, $\theta \leftarrow \theta - \eta\nabla\ell$"

forward_z1 = r"W^{(1)}x + b^{(1)}"
forward_z2 = r"5\max(0, W^{(1)}x + b^{(1)})"
forward_z3 = r"5W^{(2)}(W^{(1)}x + b^{(1)}) + b^{(2)}"
forward_y_hat = r"5(W^{(2)}\max(0, W^{(1)}x + b^{(1)}) + b^{(2)})"
forward_loss = r"\|5(W^{(2)}\max(0, W^{(1)}x + b^{(1)}) + b^{(2)}) - y\|^2"

W2_bar = r"\text{dyhat\_dz3}^\top \bar{y}_{hat} z_2^\top"
W2_bar = "dyhat_dz3.T @ y_hat_bar @ z2.T"
b2_bar = "dyhat_dz3.T @ y_hat_bar"
W1_bar = "dz2_dz1.T @ W2.T @ dyhat_dz3.T @ y_hat_bar @ x.T"
b1_bar = "dz2_dz1.T @ W2.T @ dyhat_dz3.T @ y_hat_bar"

dz2_dz1 = r"5\,\mathrm{diag}(\mathbb{1}[z_1 > 0])"
dyhat_dz3 = r"I_K"
dl_dyhat = r"2(\hat{y} - y)^\top"

tanh_forward_z2 = r"\tanh(W^{(1)}x + b^{(1)})"
tanh_forward_z3 = r"W^{(2)}\tanh(W^{(1)}x + b^{(1)}) + b^{(2)}"
sigmoid_forward_y_hat = r"\sigma(W^{(2)}\tanh(W^{(1)}x + b^{(1)}) + b^{(2)})"
sigmoid_forward_loss = r"\|\sigma(W^{(2)}\tanh(W^{(1)}x + b^{(1)}) + b^{(2)}) - y\|^2"
tanh_dz2_dz1 = r"\mathrm{diag}(1 - \tanh^2(z_1))"
sigmoid_dyhat_dz3 = r"\mathrm{diag}(\sigma(z_3)(1 - \sigma(z_3)))"
sigmoid_mse_dl_dyhat = r"2(\hat{y} - y)^\top"
tanh_W2_bar = "dyhat_dz3.T @ y_hat_bar @ z2.T"
tanh_b2_bar = "dyhat_dz3.T @ y_hat_bar"
tanh_W1_bar = "dz2_dz1.T @ W2.T @ dyhat_dz3.T @ y_hat_bar @ x.T"
tanh_b1_bar = "dz2_dz1.T @ W2.T @ dyhat_dz3.T @ y_hat_bar"

bce_loss = r"-\sum_i [y \log \sigma(W^{(2)}\tanh(W^{(1)}x + b^{(1)}) + b^{(2)}) + (1 - y)\log(1 - \sigma(W^{(2)}\tanh(W^{(1)}x + b^{(1)}) + b^{(2)}))]"
bce_dl_dyhat = r"\left(\frac{1 - y}{1 - \hat{y}} - \frac{y}{\hat{y}}\right)^\top"
bce_dl_dz3 = r"(\hat{y} - y)^\top"
bce_W2_bar = "(y_hat - y) @ z2.T"
bce_b2_bar = "y_hat - y"
bce_W1_bar = "dz2_dz1.T @ W2.T @ (y_hat - y) @ x.T"
bce_b1_bar = "dz2_dz1.T @ W2.T @ (y_hat - y)"
why_relu = "no saturation for z > 0"

softargmax = "it is a smooth argmax"
graph_3_2 = ["x -> a", "y -> a", "z -> a", "x -> b", "a -> b", "a -> w", "b -> w"]
graph_3_2_drawing = "see pdf"
activation_plots = "see pdf"


def relu(z):
    return max(0, z)


def relu_derivative(z):
    return 1 if z > 0 else 0


def leaky_relu(z):
    return max(0.01 * z, z)


def leaky_relu_derivative(z):
    return 1 if z > 0 else 0.01


def softplus(z):
    return math.log(1 + math.exp(z))


def softplus_derivative(z):
    return 1 / (1 + math.exp(-z))


def gelu(z):
    return 0.5 * z * (1 + math.tanh(math.sqrt(2 / math.pi) * (z + 0.044715 * z ** 3)))


def gelu_derivative(z):
    return 0.5 * (1 + math.erf(z / math.sqrt(2))) + z * math.exp(-z * z / 2) / math.sqrt(2 * math.pi)


linear_map_types = ["rotation", "reflection", "scaling", "shearing"]
linear_maps = "linear maps transform, non-linearities let us fold space"
training_objective = r"\frac{1}{N}\sum (F - Y)\odot(F - Y)"
training_definition = "argmin"
