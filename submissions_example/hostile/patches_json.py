# Replaces the json machinery the child could use to write snapshots (dumps, JSONEncoder
# methods, the C encoder hook) so that every snapshot would claim M = 12 and a perfect score.
ASSIGNMENT = "columbia-nndl-hw1"
import json
import json.encoder

H = [[16, 8, 20], [8, 4, 10], [20, 10, 25]]
z = [48, 12, 24]
M = 7.0  # wrong

forged = '{"protocol":1,"answers":{"M":12,"H":[[16,8,20],[8,4,10],[20,10,25]]},"score":13}'
json.dumps = lambda *args, **kwargs: forged
json.JSONEncoder.encode = lambda self, obj: forged
json.JSONEncoder.iterencode = lambda self, obj, _one_shot=False: iter([forged])
json.encoder.c_make_encoder = None
json.encoder.encode_basestring_ascii = lambda s: '"12"'
