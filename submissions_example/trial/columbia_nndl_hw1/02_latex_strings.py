"""Homework 1 -- answers typed as LaTeX, copied from my Overleaf write-up."""
ASSIGNMENT = "columbia-nndl-hw1"

W1 = [[-1, 1, 0, 0],
      [-1, 0, 1, 0],
      [-1, 0, 0, 1]]
b1 = [0, 0, 0]
phi1 = "I(z>=0)"      # inputs are distinct so ties never happen
w2 = [2, 2, 2]
b2 = -2
phi2 = "indicator"

computation_graph = [
    "x -> a1 -> c1 -> g -> y -> y_prime -> S -> J",
    "x -> a2 -> c2 -> g",
    "t -> S",
]
y_prime_bar = r"-t \oslash y'"
y_prime_bar = "-t / y_prime"
y_bar = r"\text{softmax\_jacobian}(y)^T \bar{y}'"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = r"W_3^\top \bar{y}"
c1_bar = r"\bar{g} \odot c_2"
c2_bar = r"\bar{g} \odot c_1"
a1_bar = r"\bar{c}_1 \odot \mathbb{1}[a_1 > 0]"
a2_bar = r"\bar{c}_2 \odot \sigma(a_2)(1 - \sigma(a_2))"
x_bar = r"W_1^\top \bar{a}_1 + W_2^\top \bar{a}_2 + W_4^\top \bar{y}"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
hessian_multiplications = r"$\mathcal{O}(n^2)$"
hessian_memory = r"$n^2$"

M = 12
H_vhp = [[16, 4, 8], [4, 1, 2], [8, 2, 4]]
z = [48, 12, 24]
reverse_multiplications = r"$3mn$"
reverse_memory = r"$2mn + m$"
forward_multiplications = r"$2n^2 + mn$"
forward_memory = r"$n^2 + n + mn$"
reverse_order = r"$\mathcal{O}(mn)$"
forward_order = r"$\mathcal{O}(n^2 + mn)$"
forward_better_when = r"$m \geq n$"
explanation_1_3 = r"$\nabla^2 L = vv^\top$ since $L=\frac12 (v^\top x)^2$."

glove_parameters = r"$V(2d+2)$"
glove_grad_w_i = r"2\tilde{W}^\top(\tilde{W} w_i + b_i + \tilde{b} - \log X_i)"
glove_grad_b_i = r"2\sum(W_{tilde} w_i + b_i + b_{tilde} - logX_i)"
