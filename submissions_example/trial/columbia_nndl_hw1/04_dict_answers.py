# Columbia NNDL HW1 -- I keep my answers in one dict and export them at the end.
ASSIGNMENT = "columbia-nndl-hw1"

answers = {}
answers["W1"] = [[-1, 1, 0, 0], [-1, 0, 1, 0], [-1, 0, 0, 1]]
answers["b1"] = [0, 0, 0]
answers["phi1"] = "I(z>0)"
# output: 1 iff x1 is the LARGEST (no unit fires)
answers["w2"] = [-1, -1, -1]
answers["b2"] = 0.5
answers["phi2"] = "I(z>0)"

answers.update({
    "computation_graph": ["x -> a1 -> c1 -> g", "x -> a2 -> c2 -> g", "g -> y", "x -> y",
                          "y -> y_prime -> S -> J", "t -> S", "W3 -> y", "W4 -> y"],
    "y_prime_bar": "-t / y_prime",
    "y_bar": "softmax_jacobian(y).T @ y_prime_bar",
    "g_bar": "W3.T @ y_bar",
    "c1_bar": "g_bar * c2",
    "c2_bar": "g_bar * c1",
    "a1_bar": "c1_bar * step(a1)",
    "a2_bar": "c2_bar * sigmoid(a2) * (1 - sigmoid(a2))",
    "x_bar": "W1.T @ a1_bar + W2.T @ a2_bar",
})

answers["H"] = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
answers["hessian_multiplications"] = "O(n^3)"
answers["hessian_memory"] = "O(n^2)"
answers["M"] = 12.0
answers["H_vhp"] = [[16, 4, 8], [4, 1, 2], [8, 2, 4]]
answers["z"] = [48.0, 12.0, 24.0]
answers["reverse_multiplications"] = "2*m*n"
answers["reverse_memory"] = "2*m*n + m"
answers["forward_multiplications"] = "n^2 + m*n"
answers["forward_memory"] = "n^2 + m*n"
answers["reverse_order"] = "O(m*n)"
answers["forward_order"] = "O(n^2)"
answers["forward_better_when"] = "m > n"
answers["explanation_1_3"] = "Quadratic in x, so the Hessian is v v^T."
answers["glove_parameters"] = "2*V*d + 2*V"
answers["glove_grad_w_i"] = "2 * W_tilde.T @ (W_tilde @ w_i + b_i + b_tilde - logX_i)"
answers["glove_grad_b_i"] = "2 * sum(W_tilde @ w_i + b_i + b_tilde - logX_i)"

globals().update(answers)
