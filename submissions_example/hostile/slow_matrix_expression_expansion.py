# Matrix answers with a scalar factor that is 1 but only after a huge expansion.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

glove_grad_w_i = "2 * W_tilde.T @ (W_tilde @ w_i + b_i + b_tilde - logX_i) * ((b_i + 1)^2 - b_i^2 - 2*b_i + 0*logX_i.T @ logX_i)^40"
glove_grad_b_i = "2 * sum(W_tilde @ w_i + b_i + b_tilde - logX_i) * " + "*".join(f"(b_i + {i})/(b_i + {i})" for i in range(1, 25))
