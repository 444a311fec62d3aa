# Terminal escapes, carriage returns, NUL, bell, bidi overrides and zero-width characters in
# its output and in an error message that ends up in the feedback: to fake "Score: 13/13"
# lines or hide text on the console of whoever reads the report.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
fake = "\x1b[2J\x1b[H\x1b[32mScore: 13 / 13\x1b[0m\r\x1b]0;pwned\x07\x00\u202e31/31\u202c\u200b\x9b31m"
print(fake, flush=True)
M = None
raise RuntimeError(fake)
