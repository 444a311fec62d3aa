# Tries the network: TCP to the test's listener on 127.0.0.1:47613, UDP, a public address,
# an abstract Unix socket -- through the socket module and, when that is not importable,
# through libc directly.
ASSIGNMENT = "columbia-nndl-hw1"
import ctypes

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]

try:
    import socket

    for family, kind, address in [(socket.AF_INET, socket.SOCK_STREAM, ("127.0.0.1", 47613)),
                                  (socket.AF_INET, socket.SOCK_DGRAM, ("8.8.8.8", 53)),
                                  (socket.AF_UNIX, socket.SOCK_STREAM, "\0grader-hostile")]:
        try:
            with socket.socket(family, kind) as sock:
                sock.settimeout(0.5)
                sock.connect(address)
                sock.sendall(b"PWNED from sockets.py")
                print("PWNED connected", address, flush=True)
        except OSError as exc:
            print("blocked", address, exc, flush=True)
except ImportError:
    pass

libc = ctypes.CDLL(None, use_errno=True)
fd = libc.socket(2, 1, 0)  # AF_INET, SOCK_STREAM
if fd < 0:
    print("blocked libc socket errno", ctypes.get_errno(), flush=True)
else:
    import struct

    address = struct.pack("!HH4s8x", 2, 47613, bytes([127, 0, 0, 1]))
    address = struct.pack("<H", 2) + address[2:]
    if libc.connect(fd, address, len(address)) == 0:
        libc.write(fd, b"PWNED from sockets.py", 21)
        print("PWNED connected via libc", flush=True)
    else:
        print("blocked libc connect errno", ctypes.get_errno(), flush=True)
