"""The base the messy corpus (submissions_example/messy/nyu_*) damages: a correct submission to
the NYU rubric as it was before issue 18 added 2.1-3.5 (those items are simply unanswered here), so
each damaged copy can be compared line for line with the file it was made from."""

ASSIGNMENT = "nyu-dl-hw1"

# ---- Problem 1: regression with f = 5 ReLU, g = identity, MSE
training_steps = ["forward", "loss", "zero_grad", "backward", "step"]
training_steps_math = ("y_hat = model(x); l = ||y_hat - y||^2; set every .grad to 0; compute dl/dtheta for every "
                       "parameter by backpropagation; theta <- theta - eta * dl/dtheta.")

forward_z1 = "W1 @ x + b1"
forward_z2 = "5 * relu(W1 @ x + b1)"
forward_z3 = "W2 @ (5 * relu(W1 @ x + b1)) + b2"
forward_y_hat = "W2 @ (5 * relu(W1 @ x + b1)) + b2"
forward_loss = "sum((W2 @ (5 * relu(W1 @ x + b1)) + b2 - y) ** 2)"

W2_bar = "z3_bar @ z2.T"
b2_bar = "z3_bar"
W1_bar = "z1_bar @ x.T"
b1_bar = "z1_bar"

dz2_dz1 = "5 * diag(step(z1))"
dyhat_dz3 = "eye(K)"
dl_dyhat = "2 * (y_hat - y).T"

# ---- Problem 2: classification with f = tanh, g = sigmoid
tanh_forward_z2 = "tanh(W1 @ x + b1)"
sigmoid_forward_y_hat = "sigmoid(W2 @ tanh(W1 @ x + b1) + b2)"
tanh_dz2_dz1 = "diag(1 - tanh(z1) ** 2)"
sigmoid_dyhat_dz3 = "diag(sigmoid(z3) * (1 - sigmoid(z3)))"
sigmoid_mse_dl_dyhat = "2 * (y_hat - y).T"
bce_dl_dyhat = "((1 - y) / (1 - y_hat) - y / y_hat).T / K"
why_relu = ("ReLU does not saturate for positive inputs, so its derivative is 1 there and gradients do not shrink "
            "layer after layer as with sigmoid or tanh; it is also cheap and gives sparse activations.")

# ---- Problem 3: conceptual questions
softargmax = ("softmax is a smooth version of the one-hot argmax: as the inputs are scaled up it tends to the "
              "indicator of the largest entry, not to the largest value.")
graph_3_2 = ["x -> a", "y -> a", "z -> a", "x -> b", "a -> b", "a -> w", "b -> w"]
graph_3_2_drawing = "x and y enter a product node, whose output and z enter a sum node giving a; ..."
activation_plots = "See the attached figure: ReLU, LeakyReLU(0.01), Softplus(beta = 1), GELU."
linear_maps = ("Rotation, reflection, scaling and shearing (projection). Linear maps mix and rescale features; "
               "the non-linear activations between them let the network represent non-linear functions.")
training_definition = "theta* = argmin_theta (1/N) sum_i ||F_theta(x_i) - y_i||^2"
