# Lone surrogates and other unencodable text in an answer, in exception messages and in an
# exception's class name: a report with them could not be printed or written as UTF-8.
ASSIGNMENT = "columbia-nndl-hw1"

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
explanation_1_3 = "half a character: \ud800 and \udfff"
M = "\udcff"
raise ValueError("bad \ud800 message")
