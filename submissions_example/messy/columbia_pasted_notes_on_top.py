"""A fully correct submission, spring 2025 (the default variant), written from `grader template`.

1.1: is x1 the 2nd largest?  1.2: g = c1 * c2.  1.3: v = [4, 2, 5], x = [1, 4, 3].
1.3.1: v = [4, 1, 2], y = [2, 2, 1].
"""

ASSIGNMENT = "columbia-nndl-hw1"

My notes (pasted from my PDF write-up):
Step 1: the entry H_1j of the Hessian is v_1 v_j, so row 1 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 2: the entry H_2j of the Hessian is v_2 v_j, so row 2 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 3: the entry H_3j of the Hessian is v_3 v_j, so row 3 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 4: the entry H_4j of the Hessian is v_4 v_j, so row 4 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 5: the entry H_5j of the Hessian is v_5 v_j, so row 5 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 6: the entry H_6j of the Hessian is v_6 v_j, so row 6 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 7: the entry H_7j of the Hessian is v_7 v_j, so row 7 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 8: the entry H_8j of the Hessian is v_8 v_j, so row 8 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 9: the entry H_9j of the Hessian is v_9 v_j, so row 9 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 10: the entry H_10j of the Hessian is v_10 v_j, so row 10 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 11: the entry H_11j of the Hessian is v_11 v_j, so row 11 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 12: the entry H_12j of the Hessian is v_12 v_j, so row 12 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 13: the entry H_13j of the Hessian is v_13 v_j, so row 13 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 14: the entry H_14j of the Hessian is v_14 v_j, so row 14 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 15: the entry H_15j of the Hessian is v_15 v_j, so row 15 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 16: the entry H_16j of the Hessian is v_16 v_j, so row 16 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 17: the entry H_17j of the Hessian is v_17 v_j, so row 17 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 18: the entry H_18j of the Hessian is v_18 v_j, so row 18 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 19: the entry H_19j of the Hessian is v_19 v_j, so row 19 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 20: the entry H_20j of the Hessian is v_20 v_j, so row 20 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 21: the entry H_21j of the Hessian is v_21 v_j, so row 21 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 22: the entry H_22j of the Hessian is v_22 v_j, so row 22 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 23: the entry H_23j of the Hessian is v_23 v_j, so row 23 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 24: the entry H_24j of the Hessian is v_24 v_j, so row 24 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 25: the entry H_25j of the Hessian is v_25 v_j, so row 25 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 26: the entry H_26j of the Hessian is v_26 v_j, so row 26 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 27: the entry H_27j of the Hessian is v_27 v_j, so row 27 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 28: the entry H_28j of the Hessian is v_28 v_j, so row 28 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 29: the entry H_29j of the Hessian is v_29 v_j, so row 29 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 30: the entry H_30j of the Hessian is v_30 v_j, so row 30 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 31: the entry H_31j of the Hessian is v_31 v_j, so row 31 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 32: the entry H_32j of the Hessian is v_32 v_j, so row 32 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 33: the entry H_33j of the Hessian is v_33 v_j, so row 33 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 34: the entry H_34j of the Hessian is v_34 v_j, so row 34 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 35: the entry H_35j of the Hessian is v_35 v_j, so row 35 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 36: the entry H_36j of the Hessian is v_36 v_j, so row 36 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 37: the entry H_37j of the Hessian is v_37 v_j, so row 37 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 38: the entry H_38j of the Hessian is v_38 v_j, so row 38 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 39: the entry H_39j of the Hessian is v_39 v_j, so row 39 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 40: the entry H_40j of the Hessian is v_40 v_j, so row 40 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 41: the entry H_41j of the Hessian is v_41 v_j, so row 41 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 42: the entry H_42j of the Hessian is v_42 v_j, so row 42 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 43: the entry H_43j of the Hessian is v_43 v_j, so row 43 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 44: the entry H_44j of the Hessian is v_44 v_j, so row 44 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 45: the entry H_45j of the Hessian is v_45 v_j, so row 45 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 46: the entry H_46j of the Hessian is v_46 v_j, so row 46 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 47: the entry H_47j of the Hessian is v_47 v_j, so row 47 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 48: the entry H_48j of the Hessian is v_48 v_j, so row 48 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 49: the entry H_49j of the Hessian is v_49 v_j, so row 49 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 50: the entry H_50j of the Hessian is v_50 v_j, so row 50 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 51: the entry H_51j of the Hessian is v_51 v_j, so row 51 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 52: the entry H_52j of the Hessian is v_52 v_j, so row 52 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 53: the entry H_53j of the Hessian is v_53 v_j, so row 53 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 54: the entry H_54j of the Hessian is v_54 v_j, so row 54 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 55: the entry H_55j of the Hessian is v_55 v_j, so row 55 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 56: the entry H_56j of the Hessian is v_56 v_j, so row 56 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 57: the entry H_57j of the Hessian is v_57 v_j, so row 57 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 58: the entry H_58j of the Hessian is v_58 v_j, so row 58 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 59: the entry H_59j of the Hessian is v_59 v_j, so row 59 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 60: the entry H_60j of the Hessian is v_60 v_j, so row 60 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 61: the entry H_61j of the Hessian is v_61 v_j, so row 61 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 62: the entry H_62j of the Hessian is v_62 v_j, so row 62 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 63: the entry H_63j of the Hessian is v_63 v_j, so row 63 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 64: the entry H_64j of the Hessian is v_64 v_j, so row 64 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 65: the entry H_65j of the Hessian is v_65 v_j, so row 65 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 66: the entry H_66j of the Hessian is v_66 v_j, so row 66 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 67: the entry H_67j of the Hessian is v_67 v_j, so row 67 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 68: the entry H_68j of the Hessian is v_68 v_j, so row 68 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 69: the entry H_69j of the Hessian is v_69 v_j, so row 69 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 70: the entry H_70j of the Hessian is v_70 v_j, so row 70 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 71: the entry H_71j of the Hessian is v_71 v_j, so row 71 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 72: the entry H_72j of the Hessian is v_72 v_j, so row 72 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 73: the entry H_73j of the Hessian is v_73 v_j, so row 73 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 74: the entry H_74j of the Hessian is v_74 v_j, so row 74 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 75: the entry H_75j of the Hessian is v_75 v_j, so row 75 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 76: the entry H_76j of the Hessian is v_76 v_j, so row 76 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 77: the entry H_77j of the Hessian is v_77 v_j, so row 77 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 78: the entry H_78j of the Hessian is v_78 v_j, so row 78 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 79: the entry H_79j of the Hessian is v_79 v_j, so row 79 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 80: the entry H_80j of the Hessian is v_80 v_j, so row 80 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 81: the entry H_81j of the Hessian is v_81 v_j, so row 81 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 82: the entry H_82j of the Hessian is v_82 v_j, so row 82 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 83: the entry H_83j of the Hessian is v_83 v_j, so row 83 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 84: the entry H_84j of the Hessian is v_84 v_j, so row 84 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 85: the entry H_85j of the Hessian is v_85 v_j, so row 85 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 86: the entry H_86j of the Hessian is v_86 v_j, so row 86 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 87: the entry H_87j of the Hessian is v_87 v_j, so row 87 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 88: the entry H_88j of the Hessian is v_88 v_j, so row 88 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 89: the entry H_89j of the Hessian is v_89 v_j, so row 89 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 90: the entry H_90j of the Hessian is v_90 v_j, so row 90 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 91: the entry H_91j of the Hessian is v_91 v_j, so row 91 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 92: the entry H_92j of the Hessian is v_92 v_j, so row 92 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 93: the entry H_93j of the Hessian is v_93 v_j, so row 93 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 94: the entry H_94j of the Hessian is v_94 v_j, so row 94 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 95: the entry H_95j of the Hessian is v_95 v_j, so row 95 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 96: the entry H_96j of the Hessian is v_96 v_j, so row 96 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 97: the entry H_97j of the Hessian is v_97 v_j, so row 97 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 98: the entry H_98j of the Hessian is v_98 v_j, so row 98 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 99: the entry H_99j of the Hessian is v_99 v_j, so row 99 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 100: the entry H_100j of the Hessian is v_100 v_j, so row 100 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 101: the entry H_101j of the Hessian is v_101 v_j, so row 101 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 102: the entry H_102j of the Hessian is v_102 v_j, so row 102 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 103: the entry H_103j of the Hessian is v_103 v_j, so row 103 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 104: the entry H_104j of the Hessian is v_104 v_j, so row 104 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 105: the entry H_105j of the Hessian is v_105 v_j, so row 105 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 106: the entry H_106j of the Hessian is v_106 v_j, so row 106 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 107: the entry H_107j of the Hessian is v_107 v_j, so row 107 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 108: the entry H_108j of the Hessian is v_108 v_j, so row 108 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 109: the entry H_109j of the Hessian is v_109 v_j, so row 109 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 110: the entry H_110j of the Hessian is v_110 v_j, so row 110 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 111: the entry H_111j of the Hessian is v_111 v_j, so row 111 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 112: the entry H_112j of the Hessian is v_112 v_j, so row 112 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 113: the entry H_113j of the Hessian is v_113 v_j, so row 113 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 114: the entry H_114j of the Hessian is v_114 v_j, so row 114 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 115: the entry H_115j of the Hessian is v_115 v_j, so row 115 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 116: the entry H_116j of the Hessian is v_116 v_j, so row 116 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 117: the entry H_117j of the Hessian is v_117 v_j, so row 117 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 118: the entry H_118j of the Hessian is v_118 v_j, so row 118 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 119: the entry H_119j of the Hessian is v_119 v_j, so row 119 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 120: the entry H_120j of the Hessian is v_120 v_j, so row 120 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 121: the entry H_121j of the Hessian is v_121 v_j, so row 121 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 122: the entry H_122j of the Hessian is v_122 v_j, so row 122 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 123: the entry H_123j of the Hessian is v_123 v_j, so row 123 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 124: the entry H_124j of the Hessian is v_124 v_j, so row 124 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 125: the entry H_125j of the Hessian is v_125 v_j, so row 125 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 126: the entry H_126j of the Hessian is v_126 v_j, so row 126 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 127: the entry H_127j of the Hessian is v_127 v_j, so row 127 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)
Step 128: the entry H_128j of the Hessian is v_128 v_j, so row 128 costs n multiplications
(for v = [4, 2, 5] row 3 is 5 * v^T)
Step 129: the entry H_129j of the Hessian is v_129 v_j, so row 129 costs n multiplications
(for v = [4, 2, 5] row 1 is 4 * v^T)
Step 130: the entry H_130j of the Hessian is v_130 v_j, so row 130 costs n multiplications
(for v = [4, 2, 5] row 2 is 2 * v^T)

import numpy as np

# ---- 1.1: hidden unit j fires when x_{j+1} > x1; x1 is the 2nd largest iff exactly one fires.
W1 = [[-1, 1, 0, 0],
      [-1, 0, 1, 0],
      [-1, 0, 0, 1]]
b1 = [0, 0, 0]
phi1 = "I(z>0)"
w2 = [2, 2, 2]
b2 = -2                      # 2*count - 2 lands in [-1, 1] only when exactly one input exceeds x1
phi2 = "indicator"

# ---- 1.2 (spring network)
computation_graph = [
    "x -> a1 -> c1 -> g -> y -> y_prime -> S -> J",
    "x -> a2 -> c2 -> g",
    "x -> y",
    "t -> S",
]
y_prime_bar = "-t / y_prime"
y_bar = "softmax_jacobian(y).T @ y_prime_bar"
g_bar = "W3.T @ y_bar"
c1_bar = "g_bar * c2"
c2_bar = "g_bar * c1"
a1_bar = "c1_bar * step(a1)"
a2_bar = "c2_bar * sigmoid(a2) * (1 - sigmoid(a2))"
x_bar = "W1.T @ a1_bar + W2.T @ a2_bar + W4.T @ y_bar"

# ---- 1.3
v = np.array([4, 2, 5])
H = np.outer(v, v)                        # L = 1/2 (v^T x)^2: the Hessian is v v^T, whatever x is
hessian_multiplications = "n^2"          # one product v_i v_j per entry
hessian_memory = "O(n^2)"

# ---- 1.3.1
v2 = np.array([4, 1, 2])
y = np.array([2, 2, 1])
M = float(v2 @ y)
H_vhp = np.outer(v2, v2).tolist()
z = (v2 * M).tolist()
reverse_multiplications = "3*m*n"        # Y = y1 y2^T, r = v^T Y, Z = v r
reverse_memory = "2*m*n + m"
forward_multiplications = "2*n^2 + m*n"  # H = v v^T, H y1, (H y1) y2^T
forward_memory = "n^2 + n + m*n"
reverse_order = "O(m*n)"
forward_order = "O(n^2 + m*n)"
forward_better_when = "m > n"            # 2n^2 + mn < 3mn  <=>  n < m

explanation_1_3 = "L = 1/2 (v^T x)^2, so grad L = v v^T x and the Hessian is the constant matrix v v^T."

# ---- Programming: GloVe
glove_parameters = "V*(2*d + 2)"
glove_grad_w_i = "2 * W_tilde.T @ (W_tilde @ w_i + b_i + b_tilde - logX_i)"
glove_grad_b_i = "2 * sum(W_tilde @ w_i + b_i + b_tilde - logX_i)"
