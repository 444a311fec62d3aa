#!/usr/bin/env python
# coding: utf-8

# In[1]:


ASSIGNMENT = "toronto-csc413-a1"
import numpy as np
import matplotlib.pyplot as plt


# In[2]:


grad_w = "2/n * X.T @ (X @ w - t)"
w_under = "inv(X.T @ X) @ X.T @ t"
work_1_2_1 = "grad = 0 => normal equations"
expected_loss_under = "sigma^2*(1 - d/n)"
work_1_2_2 = "tr(I - H) = n - d"
solution_line = "w1 + w2 - 3 = 0"
work_1_3_1 = "a line"
w_min_norm = "X.T @ inv(X @ X.T) @ t"
work_1_3_2 = "span of rows"
expected_loss_over = "0"


# In[3]:


def poly_expand(X, d=20, poly_type="chebyshev"):
    if poly_type == "legendre":
        return np.polynomial.legendre.legvander(X, d)
    return np.polynomial.chebyshev.chebvander(X, d)


def fit_poly(X, d, t):
    X_expand = poly_expand(X, d=d)
    n = X.shape[0]
    if d + 1 <= n:
        W = np.linalg.inv(X_expand.T @ X_expand) @ X_expand.T @ t
    else:
        W = X_expand.T @ np.linalg.inv(X_expand @ X_expand.T) @ t
    return W


# In[4]:


xs = np.linspace(-1, 1, 10)
plt.plot(xs, fit_poly(xs, 3, np.sin(xs)) @ np.ones(4))
plt.show()


# In[5]:


discussion_1_3_4 = "double descent: test error peaks near d + 1 = n"
more_data_hurts = {"n1": 20, "n2": 40, "d": 10}
explanation_1_3_5 = "??"
computation_graph = ["x -> z1 -> h1 -> g -> y -> y_prime -> S -> J", "x -> z2 -> h2 -> g", "t -> S", "W4 -> y"]
y_prime_bar = "-t / y_prime"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = "W3.T @ y_bar"
h1_bar = "g_bar * h2"
h2_bar = "g_bar * h1"
z1_bar = "h1_bar * step(z1)"
z2_bar = "h2_bar * h2 * (1 - h2)"
x_bar = "W1.T @ z1_bar + W2.T @ z2_bar"


# In[6]:


W1 = np.array([[1, 2, 1], [-2, 1, 0], [1, -2, -1]])
W2 = np.array([[-2, 4, 1], [1, -2, -3], [-3, 4, 6]])
x = np.array([1, 3, 1])
z = W1 @ x
h = np.maximum(z, 0)
dz = W2.T @ np.ones(3)            # forgot the ReLU mask
dJ_dW1 = np.outer(dz, x)
dJ_dW2 = np.outer(np.ones(3), h)
norm2_W1 = int((dJ_dW1 ** 2).sum())
norm2_W2 = int((dJ_dW2 ** 2).sum())
trick_W1 = [int(x @ x), int(dz @ dz)]
trick_W2 = [3, int(h @ h)]
print(norm2_W1, norm2_W2)


# In[7]:


T_forward_naive = "N*K*D^2"
T_forward_efficient = "N*K*D^2"
M_forward_naive = "O(K*D^2 + N*K*D)"
M_forward_efficient = "O(K*D^2 + N*K*D)"
T_backward_naive = "2*N*K*D^2"
T_backward_efficient = "N*K*D^2"
M_backward_naive = "O(N*K*D^2)"
M_backward_efficient = "O(K*D^2 + N*K*D)"
T_norm_naive = "N*K*D^2"
T_norm_efficient = "2*N*K*D"
M_norm_naive = "O(N*K*D^2)"
M_norm_efficient = "O(N*K*D)"

sort2_W1 = [[0.5, 0.5], [-0.5, 0.5]]    # column per unit: phi(a^T W + b^T)
sort2_b1 = [0, 0]
sort2_phi1 = ["abs", "identity"]
sort2_W2 = [[-1, 1], [1, 1]]
sort2_b2 = [0, 0]
sort2_phi2 = "identity"
sort4_blocks = [[1, 2], [3, 4], [1, 3], [2, 4]]
W3 = [[0, 0, 1, 0]]
count_W1 = [[1, -1, 0, 0], [1, 0, -1, 0], [1, 0, 0, -1]]
count_b1 = [0, 0, 0]
count_phi1 = "I(z>0)"
count_w2 = [1, 1, 1]
count_b2 = 1
count_phi2 = "identity"
select_W = np.eye(4) * 2
select_b = -6 * np.ones(4)
select_phi = "indicator"
