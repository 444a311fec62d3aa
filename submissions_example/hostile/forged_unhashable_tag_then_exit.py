# Forges a document whose float tag holds a list ({"$float": []}): the validator once looked the
# tag's body up in a dict, so a list raised TypeError -- not ChannelError -- and grading crashed
# with no report at all.  The channel is now refused with a message.
ASSIGNMENT = "columbia-nndl-hw1"
import os
import sys

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
document = b'{"protocol":1,"answers":{"H":[[16,8,20],[8,4,10],[20,10,25]],"M":{"$float":[]}},"missing":[],"calls":{},"errors":[]}'
os.write(int(sys.argv[-1]), document + b"\n")
os._exit(0)
