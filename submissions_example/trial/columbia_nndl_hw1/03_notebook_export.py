#!/usr/bin/env python
# coding: utf-8

# # HW1 written part

# In[1]:


ASSIGNMENT = "columbia-nndl-hw1"
import numpy as np
get_ipython().run_line_magic('matplotlib', 'inline')


# In[2]:


# 1.1
W1 = [[-1, 1, 0, 0], [-1, 0, 1, 0], [-1, 0, 0, 1]]
b1 = [0, 0, 0]
phi1 = 'I(z>0)'
w2 = [2, 2, 2]
b2 = -1   # output in [-1,1] when exactly one unit fires
phi2 = 'indicator'


# In[3]:


computation_graph = ["x -> a1", "a1 -> c1", "x -> a2", "a2 -> c2", "c1 -> g", "c2 -> g",
                     "g -> y", "x -> y", "y -> y_prime", "y_prime -> S", "t -> S", "S -> J"]
y_prime_bar = "-t / y_prime"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = "W3.T @ y_bar"
c1_bar = "g_bar * c2"
c2_bar = "g_bar * c1"
a1_bar = "c1_bar * step(a2)"
a2_bar = "c2_bar * c2 * (1 - c2)"
x_bar = "W1.T @ a1_bar + W2.T @ a2_bar + W4.T @ y_bar"


# In[4]:


v = np.array([4, 2, 5])
H = np.outer(v, v)
H


# In[5]:


hessian_multiplications = "n^2"
hessian_memory = "n^2"
vv = np.array([4, 1, 2]); yy = np.array([2, 2, 1])
M = int(vv.dot(yy))
H_vhp = np.outer(vv, vv).tolist()
z = list(vv * M)
print(M, z)


# In[6]:


reverse_multiplications = "3*m*n"
reverse_memory = "2*m*n"
forward_multiplications = "2*n^2 + m*n"
forward_memory = "n^2 + n + m*n"
reverse_order = "O(mn)"
forward_order = "O(n^2+mn)"
forward_better_when = "n < m"
explanation_1_3 = "Hessian of a quadratic form is constant."
glove_parameters = "2*V*(d + 1)"
glove_grad_w_i = "2 * W_tilde.T @ (W_tilde @ w_i + b_i + b_tilde - logX_i)"
glove_grad_b_i = "sum(W_tilde @ w_i + b_i + b_tilde - logX_i)"
