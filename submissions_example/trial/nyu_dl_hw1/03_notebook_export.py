#!/usr/bin/env python
# coding: utf-8

# ## Problem 1

# In[1]:


ASSIGNMENT = "nyu-dl-hw1"
import torch
import torch.nn as nn


# In[2]:


training_steps = ["optimizer.zero_grad()", "model(x)", "criterion", "loss.backward()", "optimizer.step()"]
training_steps_math = "zero, predict, loss, backprop, update"
forward_z1 = "W1 @ x + b1"
forward_z2 = "relu(W1 @ x + b1)"
forward_z3 = "W2 @ relu(W1 @ x + b1) + b2"
forward_y_hat = "W2 @ relu(W1 @ x + b1) + b2"
forward_loss = "sum((W2 @ relu(W1 @ x + b1) + b2 - y) ** 2)"


# In[3]:


W2_bar = "dyhat_dz3.T @ y_hat_bar @ z2.T"
b2_bar = "dyhat_dz3.T @ y_hat_bar"
W1_bar = "dz2_dz1.T @ W2.T @ dyhat_dz3.T @ y_hat_bar @ x.T"
b1_bar = "dz2_dz1.T @ W2.T @ dyhat_dz3.T @ y_hat_bar"
dz2_dz1 = "diag(step(z1))"
dyhat_dz3 = "I"
dl_dyhat = "(y_hat - y).T"


# In[4]:


model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
print(model)


# ## Problem 2

# In[5]:


tanh_forward_z2 = "tanh(W1 @ x + b1)"
tanh_forward_z3 = "W2 @ tanh(W1 @ x + b1) + b2"
sigmoid_forward_y_hat = "sigmoid(W2 @ tanh(W1 @ x + b1) + b2)"
sigmoid_forward_loss = "sum((sigmoid(W2 @ tanh(W1 @ x + b1) + b2) - y) ** 2)"
tanh_dz2_dz1 = "1 - tanh(z1) ** 2"
sigmoid_dyhat_dz3 = "diag(sigmoid(z3) * (1 - sigmoid(z3)))"
sigmoid_mse_dl_dyhat = "2 * (y_hat - y).T"
tanh_W2_bar = "(y_hat_bar * y_hat * (1 - y_hat)) @ z2.T"
tanh_b2_bar = "y_hat_bar * y_hat * (1 - y_hat)"
tanh_W1_bar = "(W2.T @ (y_hat_bar * y_hat * (1 - y_hat)) * (1 - z2 ** 2)) @ x.T"
tanh_b1_bar = "W2.T @ (y_hat_bar * y_hat * (1 - y_hat)) * (1 - z2 ** 2)"
bce_loss = "mean(-(y * log(sigmoid(W2 @ tanh(W1 @ x + b1) + b2)) + (1 - y) * log(1 - sigmoid(W2 @ tanh(W1 @ x + b1) + b2))))"
bce_dl_dyhat = "(y / y_hat - (1 - y) / (1 - y_hat)).T / K"
bce_dl_dz3 = "(y - y_hat).T / K"
bce_W2_bar = "(y_hat - y) / K @ z2.T"
bce_b2_bar = "(y_hat - y) / K"
bce_W1_bar = "dz2_dz1.T @ W2.T @ (y_hat - y) / K @ x.T"
bce_b1_bar = "dz2_dz1.T @ W2.T @ (y_hat - y) / K"
why_relu = "non-saturating"


# ## Problem 3

# In[6]:


softargmax = "argmax smoothed"
graph_3_2 = ["x -> a", "y -> a", "z -> a", "x -> b", "a -> b", "a -> w", "b -> w"]
graph_3_2_drawing = "..."
activation_plots = "..."
import numpy as np
relu = lambda z: np.maximum(0, z)
relu_derivative = lambda z: (z > 0) * 1.0
leaky_relu = lambda z: np.maximum(0.01 * z, z)
leaky_relu_derivative = lambda z: 1.0 if z > 0 else 0.01
softplus = lambda z: np.log(1 + np.exp(z))
softplus_derivative = lambda z: 1 / (1 + np.exp(-z))
gelu = lambda z: 0.5 * z * (1 + torch.erf(torch.tensor(z / 2 ** 0.5))).item()
gelu_derivative = lambda z: 0.5 * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z ** 3)))
linear_map_types = ["rotations", "reflections", "scalings", "shears"]
linear_maps = "..."
training_objective = "sum((F - Y) * (F - Y))"
training_definition = "..."
