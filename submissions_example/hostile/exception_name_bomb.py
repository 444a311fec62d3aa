# Exceptions with a ten-thousand-character class name and a megabyte message, and an
# exception whose __str__ raises, another whose __str__ returns a non-string.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
Bomb = type("E" * 10_000, (Exception,), {})
raise Bomb("m" * 10**6)


class NoStr(Exception):
    def __str__(self):
        raise RuntimeError("cannot print me")


raise NoStr()


class NotAString(Exception):
    def __str__(self):
        return 42


raise NotAString()
raise KeyboardInterrupt("pretend Ctrl-C")
raise GeneratorExit()
