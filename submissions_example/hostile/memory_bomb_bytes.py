# Allocates huge bytes objects and grows a bytearray without end.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
blob = bytes(10**11)
buffer = bytearray()
while True:
    buffer += b"x" * 10**7
