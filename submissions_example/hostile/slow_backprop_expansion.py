# A backward pass whose steps are huge products of sums of the forward values.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

y_prime_bar = "-t / y_prime"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = "W3.T @ y_bar * " + "*".join(f"(c1 + c2 + {i})/(c1 + c2 + {i})" for i in range(1, 30))
c1_bar = "g_bar * c2 * (c1 + c2 + a1 + a2 + 1)^40 / (c1 + c2 + a1 + a2 + 1)^40"
c2_bar = "g_bar * c1"
a1_bar = "c1_bar * step(a1)"
a2_bar = "c2_bar * sigmoid(a2) * (1 - sigmoid(a2))"
x_bar = "W1.T @ a1_bar + W2.T @ a2_bar + W4.T @ y_bar"
