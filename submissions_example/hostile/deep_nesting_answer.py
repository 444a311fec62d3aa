# A list nested a hundred thousand levels deep, a list that contains itself, and a dict
# nested deeply.  Deep levels become markers; nothing recurses without bound.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
deep = []
for _ in range(100_000):
    deep = [deep]
H_vhp = deep
M = []
M.append(M)
nested = {}
for _ in range(1000):
    nested = {"k": nested}
explanation_1_3 = nested
