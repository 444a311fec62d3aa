# DL HW1 — typed with unicode symbols
ASSIGNMENT = "nyu-dl-hw1"
import math

training_steps = ["forward pass", "compute loss", "zero gradients", "backpropagation", "update parameters"]
training_steps_math = "ŷ = f(x); ℓ = ‖ŷ − y‖²; ∇ ← 0; ∇ℓ; θ ← θ − η∇ℓ"

forward_z1 = "W1 x + b1"
forward_z2 = "5(W1 x + b1)⁺"
forward_z3 = "W2 · 5(W1 x + b1)⁺ + b2"
forward_y_hat = "W2 · 5(W1 x + b1)⁺ + b2"
forward_loss = "‖W2 · 5(W1 x + b1)⁺ + b2 − y‖²"

W2_bar = "dyhat_dz3ᵀ y_hat_bar z2ᵀ"
b2_bar = "dyhat_dz3ᵀ y_hat_bar"
W1_bar = "dz2_dz1ᵀ W2ᵀ dyhat_dz3ᵀ y_hat_bar xᵀ"
b1_bar = "dz2_dz1ᵀ W2ᵀ dyhat_dz3ᵀ y_hat_bar"
dz2_dz1 = "diag(5 · 1[z1 > 0])"
dyhat_dz3 = "I_K"
dl_dyhat = "2(ŷ − y)ᵀ"

tanh_forward_z2 = "tanh(W1 x + b1)"
tanh_forward_z3 = "W2 tanh(W1 x + b1) + b2"
sigmoid_forward_y_hat = "σ(W2 tanh(W1 x + b1) + b2)"
sigmoid_forward_loss = "‖σ(W2 tanh(W1 x + b1) + b2) − y‖²"
tanh_dz2_dz1 = "diag(sech²(z1))"
sigmoid_dyhat_dz3 = "diag(σ(z3) ⊙ (1 − σ(z3)))"
sigmoid_mse_dl_dyhat = "2(ŷ − y)ᵀ"
tanh_W2_bar = "dyhat_dz3ᵀ y_hat_bar z2ᵀ"
tanh_b2_bar = "dyhat_dz3ᵀ y_hat_bar"
tanh_W1_bar = "dz2_dz1ᵀ W2ᵀ dyhat_dz3ᵀ y_hat_bar xᵀ"
tanh_b1_bar = "dz2_dz1ᵀ W2ᵀ dyhat_dz3ᵀ y_hat_bar"
bce_loss = "−(1/K) sum(y ⊙ log σ(W2 tanh(W1 x + b1) + b2) + (1 − y) ⊙ log(1 − σ(W2 tanh(W1 x + b1) + b2)))"
bce_dl_dyhat = "(1/K)((1 − y)/(1 − ŷ) − y/ŷ)ᵀ"
bce_dl_dz3 = "(1/K)(ŷ − y)ᵀ"
bce_W2_bar = "(1/K)(ŷ − y) z2ᵀ"
bce_b2_bar = "(1/K)(ŷ − y)"
bce_W1_bar = "(1/K) dz2_dz1ᵀ W2ᵀ (ŷ − y) xᵀ"
bce_b1_bar = "(1/K) dz2_dz1ᵀ W2ᵀ (ŷ − y)"
why_relu = "ReLU′ = 1 for z > 0"
softargmax = "soft arg max"
graph_3_2 = ["x → a", "y → a", "z → a", "x → b", "a → b", "a → w", "b → w"]
graph_3_2_drawing = "…"
activation_plots = "…"


def relu(z): return z if z > 0 else 0.0
def relu_derivative(z): return float(z > 0)
def leaky_relu(z): return z if z > 0 else 0.01 * z
def leaky_relu_derivative(z): return 1.0 if z > 0 else 0.01
def softplus(z): return math.log1p(math.exp(-abs(z))) + max(z, 0)
def softplus_derivative(z): return 1 / (1 + math.exp(-z))
def gelu(z): return z * 0.5 * (1 + math.erf(z / math.sqrt(2)))
def gelu_derivative(z): return 0.5 * (1 + math.erf(z / math.sqrt(2))) + z * math.exp(-z ** 2 / 2) / math.sqrt(2 * math.pi)


linear_map_types = ["rotation", "reflection", "scaling", "shearing"]
linear_maps = "…"
training_objective = "(1/N) ∑ (F − Y) ⊙ (F − Y)"
training_definition = "θ* = argmin_θ (1/N) ∑ᵢ ‖F_θ(xᵢ) − yᵢ‖²"
