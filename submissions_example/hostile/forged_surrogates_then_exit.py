# Writes its own answer document -- with its honest H and z, so it earns exactly what
# assigning them earns -- whose other answers hold lone surrogates (\ud800), ANSI escapes and
# bidi overrides as JSON escapes, then exits at once so the forgery is what the parent reads.
# The validator accepts any string as an answer; whatever quotes one in a report must still
# print as UTF-8 without escapes.
ASSIGNMENT = "columbia-nndl-hw1"
import os
import sys

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
document = (
    '{"protocol":1,"answers":{"H":[[16,8,20],[8,4,10],[20,10,25]],"z":[48,12,24],'
    '"M":"\\ud800 \\u001b[2J \\u202e21","H_vhp":[["\\udfff"]],'
    '"explanation_1_3":{"$dict":{"\\udfff\\u001b]0;x\\u0007":"\\ud800"}}},'
    '"missing":[],"calls":{},"errors":[],"exit_code":null}'
)
os.write(int(sys.argv[-1]), document.encode() + b"\n")
os._exit(0)
