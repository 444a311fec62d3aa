"""Standard notation that Python's grammar reads with another meaning, rewritten into the answer language.

The parser (:mod:`.parser`) runs :class:`Rewriter` on every tree, from Python's parser or from the
written-mathematics reader (:mod:`.latex`), before the whitelist validator: products written by
juxtaposition, indicators, formula-defined functions (``NOTATION_REWRITES``), NumPy calls and methods,
transposes and identities of matrix answers.  Everything here builds ``ast`` nodes; nothing is evaluated
(the formulas of ``NOTATION_REWRITES`` are trusted table text, only ever ``ast.parse``-d).
"""

from __future__ import annotations

import ast
import copy
import re

from .errors import ExpressionError
from .policy import ParsePolicy
from .functions import INDICATOR_NAMES, MODULE_OPERATORS, MODULE_PREFIXES, REWRITES, SPELLINGS
from .splitting import AmbiguousSplit, readings, split_word
from ..pyparse import parse_python


#: attribute set on a product written by juxtaposition (``a b``, ``f(z)(1 - f(z))``): in a matrix answer it is
#: the matrix product, except between two column vectors of the same shape, where only the elementwise
#: product is possible (see :mod:`.matrix.evaluation`)
JUXTAPOSED = "grader_juxtaposed"
#: Unicode product signs and the LaTeX command each one is (``W1·x`` is ``W1 \cdot x``): in matrix answers the matrix
#: product unless a side is a plain number, like the command; elementwise signs (``⊙``, ``∘``, ``∗``) stay ``*``
PRODUCT_MARKS = {"\u00b7": "cdot", "\u22c5": "cdot", "\u00d7": "times"}
#: attribute set on every product the rewriter makes from juxtaposition (``2(n+1)``, ``bc``): after a '/', such
#: a product is ambiguous
_GLUED = "grader_glued"


def mark_juxtaposed(node: ast.BinOp) -> None:
    """Mark a juxtaposed product -- unless both factors are plain names (``u v``: a missing transpose stays a
    shape error that the checker can diagnose, rather than becoming an elementwise product)."""
    def plain(side: ast.AST) -> bool:
        while isinstance(side, ast.Attribute):
            side = side.value
        return isinstance(side, ast.Name)

    if not (plain(node.left) and plain(node.right)):
        setattr(node, JUXTAPOSED, True)


class Rewriter:
    """Reads standard notation that Python's grammar accepts with another meaning, or not at all.

    * ``mn``, ``NKD`` (undeclared names): the one product of declared names they spell (:mod:`.splitting`);
    * ``n(m+1)``, ``2(n+1)``, ``(a+b)(c+d)``, ``sigma(z)(1-sigma(z))``: products, not calls;
    * ``(z > 0)``, ``1[z > 0]``, ``I(z >= 0)``: indicators, as ``Heaviside(z, 0)`` / ``Heaviside(z, 1)``;
    * ``sech``, ``softplus``, ``sigma(z)``, ``step``, ``relu_prime``...: the formulas of ``NOTATION_REWRITES``;
    * ``np.exp``, ``np.linalg.inv``, ``np.dot(A, B)``: the table's functions and operators;
    * ``tanh^2(z)``: tanh(z)**2; in matrix answers ``X^T`` is the transpose and ``I_K`` is eye(K).
    """

    def __init__(self, policy: ParsePolicy, origin: list[int] | None, text: str = ""):
        self.policy = policy
        self.origin = origin
        self.text = text

    def position(self, node: ast.AST) -> int | None:
        offset = getattr(node, "col_offset", None)
        if offset is None or self.origin is None:
            return offset
        return self.origin[min(max(offset, 0), len(self.origin) - 1)]

    def root(self, body: ast.AST) -> ast.AST:
        return self.relation(body) if self.policy.relation else self.visit(body)

    def relation(self, node: ast.AST) -> ast.AST:
        if isinstance(node, ast.BoolOp):
            node.values = [self.relation(value) for value in node.values]
            return node
        if isinstance(node, ast.Compare):
            node.left = self.visit(node.left)
            node.comparators = [self.visit(c) for c in node.comparators]
            return node
        return node  # not a condition: the validator says so

    def visit(self, node: ast.AST) -> ast.AST:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is not None:
            return method(node)
        self.children(node)
        return node

    def children(self, node: ast.AST) -> None:
        for name, value in ast.iter_fields(node):
            if isinstance(value, ast.expr):
                setattr(node, name, self.visit(value))
            elif isinstance(value, list):
                setattr(node, name, [self.visit(v) if isinstance(v, ast.expr) else v for v in value])

    # -- products

    def product(self, left: ast.AST, right: ast.AST, at: ast.AST) -> ast.AST:
        op: ast.operator = ast.Mult()
        if self.policy.matrix_ops and not (_is_number(left) or _is_number(right)):
            op = ast.MatMult()
        node = ast.copy_location(ast.BinOp(left=left, op=op, right=right), at)
        mark_juxtaposed(node)
        setattr(node, _GLUED, True)
        return node

    def refuse_glued_divisor(self, node: ast.BinOp) -> None:
        """``1/2(n+1)``, ``a/bc``: Python reads the glued product as the divisor; written mathematics may
        not -- refused, naming both readings (``1/2 * (n+1)`` and ``1/(2(n+1))`` are unambiguous)."""
        divisor = node.right
        if not getattr(divisor, _GLUED, False):
            return
        start, end = self.position(divisor), getattr(divisor, "end_col_offset", None)
        if self.origin is not None and end is not None:
            end = self.origin[min(max(end - 1, 0), len(self.origin) - 1)] + 1
        if self.text and start is not None and self.text[:start].rstrip().endswith("("):
            return  # a/(bc): the brackets say it
        where = self.position(node)
        shown = self.text[start:end] if self.text and start is not None and end is not None else "the divisor"
        suggestion = None
        if self.text and start is not None and end is not None:
            suggestion = self.text[:start] + "(" + self.text[start:end] + ")" + self.text[end:]
        column = f" at column {start + 1}" if start is not None else ""
        raise ExpressionError(f"'/{shown}'{column} is ambiguous: the division may cover only the first factor or all "
                              f"of {shown}; write the one you mean with brackets", start if start is not None else where,
                              suggestion)

    # -- indicators

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        if len(node.ops) == 1 and isinstance(node.ops[0], ast.In) and isinstance(node.comparators[0], (ast.List, ast.Tuple)) \
                and len(node.comparators[0].elts) == 2:
            # z in [-1, 1] (closed), z in (-1, 1) (open): the indicator of the interval
            low, high = (self.visit(e) for e in node.comparators[0].elts)
            op = ast.LtE if isinstance(node.comparators[0], ast.List) else ast.Lt
            return indicator([low, self.visit(node.left), high], [op(), op()], self.policy, self.position(node), node)
        operands = [self.visit(node.left), *(self.visit(c) for c in node.comparators)]
        return indicator(operands, node.ops, self.policy, self.position(node), node)

    def condition(self, node: ast.AST) -> ast.AST | None:
        """The indicator of a condition (a comparison, or comparisons joined by 'and'), else None."""
        if isinstance(node, ast.Compare):
            return self.visit_Compare(node)
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And) and all(isinstance(v, ast.Compare) for v in node.values):
            parts = [self.visit_Compare(v) for v in node.values]
            result = parts[0]
            for part in parts[1:]:
                result = ast.copy_location(ast.BinOp(left=result, op=ast.Mult(), right=part), node)
            return result
        return None

    def indicator_head(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Constant):
            return node.value == 1 and not isinstance(node.value, bool)
        return isinstance(node, ast.Name) and node.id in INDICATOR_NAMES and node.id not in self.policy.names \
            and node.id not in self.policy.functions

    def choice(self, condition: ast.AST, chosen: ast.AST, other: ast.AST, at: ast.AST) -> ast.AST | None:
        """``a if cond else b`` / ``np.where(cond, a, b)``: ind*a + (1 - ind)*b, for a condition of comparisons."""
        indicator_node = self.condition(condition)
        if indicator_node is None:
            return None
        one = ast.copy_location(ast.Constant(1), at)
        rest = ast.copy_location(ast.BinOp(left=one, op=ast.Sub(), right=copy.deepcopy(indicator_node)), at)
        first = ast.copy_location(ast.BinOp(left=indicator_node, op=ast.Mult(), right=self.visit(chosen)), at)
        second = ast.copy_location(ast.BinOp(left=rest, op=ast.Mult(), right=self.visit(other)), at)
        return ast.copy_location(ast.BinOp(left=first, op=ast.Add(), right=second), at)

    def visit_IfExp(self, node: ast.IfExp) -> ast.AST:
        result = self.choice(node.test, node.body, node.orelse, node)
        if result is None:
            self.children(node)
            return node
        return result

    def visit_List(self, node: ast.List) -> ast.AST:
        if len(node.elts) == 1:  # [z > 0]: Iverson's bracket
            result = self.condition(node.elts[0])
            if result is not None:
                return ast.copy_location(result, node)
        self.children(node)
        return node

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        if self.indicator_head(node.value):
            result = self.condition(node.slice)
            if result is not None:
                return ast.copy_location(result, node)
        self.children(node)
        return node

    # -- calls

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if isinstance(node.func, ast.Attribute):
            resolved = self.module_call(node)
            if resolved is not node or not isinstance(node.func, ast.Attribute):
                return resolved
            method = node.func.attr
            if method in ("dot", "matmul", "__matmul__") and len(node.args) == 1 and not node.keywords:
                op = ast.MatMult() if self.policy.matrix_ops else ast.Mult()  # X.dot(w): NumPy's product
                return ast.copy_location(ast.BinOp(left=self.visit(node.func.value), op=op, right=self.visit(node.args[0])), node)
            if method in ("astype", "float", "double", "numpy") and len(node.args) <= 1 and not node.keywords:
                return self.visit(node.func.value)  # (z > 0).astype(float): a conversion, same values
            if method in ("sum", "mean") and len(node.args) <= 1 and self.policy.matrix_ops:
                # (F - Y).sum(), A.mean(axis=1), A.sum(0): numpy's methods, read as the functions
                call = ast.Call(func=ast.Name(id=method, ctx=ast.Load()), args=[node.func.value, *node.args],
                                keywords=node.keywords)
                return self.visit_Call(ast.copy_location(call, node))
            if method in ("transpose", "t") and not node.args and not node.keywords and self.policy.matrix_ops:
                return ast.copy_location(ast.Attribute(value=self.visit(node.func.value), attr="T", ctx=ast.Load()), node)
        func = node.func
        plain_args = not node.keywords and not any(isinstance(a, ast.Starred) for a in node.args)
        if isinstance(func, ast.Name):
            name = func.id
            along = self.along_axis(name, node)
            if along is not None:
                return along
            merged = self.function_of_name(name, node) if plain_args and len(node.args) == 1 else None
            if merged is not None:
                return merged
            if plain_args and len(node.args) == 1 and name not in self.policy.names and \
                    (name in INDICATOR_NAMES or name in ("H", "step", "Heaviside", "heaviside")):
                result = self.condition(node.args[0])
                if result is not None:
                    return ast.copy_location(result, node)
            node.args = [self.visit(a) for a in node.args]
            if name in self.policy.functions:
                return node
            if name in self.policy.names:
                if plain_args and len(node.args) == 1:
                    return self.product(ast.copy_location(ast.Name(id=name, ctx=ast.Load()), func), node.args[0], node)
                return node
            rewrite = REWRITES.get(name)
            if rewrite is not None and plain_args and len(node.args) == rewrite.arity:
                expanded = expand_rewrite(rewrite.formula, node.args, self.policy, node)
                if expanded is not None:
                    return expanded
            if name not in SPELLINGS and plain_args and len(node.args) == 1:
                parts = self.split(func) if name not in INDICATOR_NAMES else None
                if parts is not None:  # ND(K+1): a product of declared names, then the bracket
                    return self.product(self.names_product(parts, func), node.args[0], node)
                glued = self.glued_call(name, node)
                if glued is not None:
                    return glued
            return node
        if isinstance(func, (ast.Constant, ast.BinOp, ast.UnaryOp, ast.Call, ast.Attribute)) and plain_args \
                and len(node.args) == 1:
            # 2(n+1), (a+b)(c+d), sigma(z)(1 - sigma(z)), X.T(y - t): juxtaposed factors
            return self.product(self.visit(func), self.visit(node.args[0]), node)
        self.children(node)
        return node

    def along_axis(self, name: str, node: ast.Call) -> ast.AST | None:
        """numpy's ``sum(A, axis=1)`` / ``mean(A, 0)`` (``keepdims`` allowed) in a matrix answer: the
        row or column sums or means, as a column vector."""
        if name not in ("sum", "mean") or not self.policy.matrix_ops or not node.args or len(node.args) > 2:
            return None
        settings = {k.arg: k.value for k in node.keywords}
        if None in settings or set(settings) - {"axis", "keepdims"} or ("axis" in settings) == (len(node.args) == 2):
            return None
        axis = settings.get("axis", node.args[1] if len(node.args) == 2 else None)
        if isinstance(axis, ast.UnaryOp) and isinstance(axis.op, ast.USub) and isinstance(axis.operand, ast.Constant):
            axis = ast.Constant(-axis.operand.value) if type(axis.operand.value) is int else axis  # axis=-1
        keepdims = settings.get("keepdims", ast.Constant(False))
        if not (isinstance(axis, ast.Constant) and type(axis.value) is int and axis.value in (0, 1, -1, -2)) or \
                not (isinstance(keepdims, ast.Constant) and type(keepdims.value) is bool):
            return None
        kind = "row" if axis.value in (1, -1) else "column"
        function = f"{kind}_{'sums' if name == 'sum' else 'means'}"
        if function not in self.policy.functions:
            return None
        call = ast.Call(func=ast.Name(id=function, ctx=ast.Load()), args=[self.visit(node.args[0])], keywords=[])
        return ast.copy_location(call, node)

    def function_of_name(self, name: str, node: ast.Call) -> ast.AST | None:
        """``log(X_i)`` or ``\\log X_i`` where the question declares ``logX_i`` (a vector of logarithms
        given as data) and no ``X_i``: that declared name."""
        argument = node.args[0]
        if not isinstance(argument, ast.Name) or argument.id in self.policy.names:
            return None
        for spelling in dict.fromkeys((name, "log" if name == "ln" else name)):
            for candidate in (spelling + argument.id, f"{spelling}_{argument.id}"):
                if candidate in self.policy.names:
                    return ast.copy_location(ast.Name(id=candidate, ctx=ast.Load()), node)
        return None

    def glued_call(self, name: str, node: ast.Call) -> ast.AST | None:
        """``nlog(n)``: declared names glued to a function name, when that is the one reading."""
        for cut in range(1, len(name)):
            head, function = name[:cut], name[cut:]
            if function in self.policy.functions and function not in self.policy.names:
                try:
                    parts = split_word(head, self.policy.vocabulary())
                except AmbiguousSplit:
                    return None
                if parts is None:
                    continue
                call = ast.copy_location(ast.Call(func=ast.Name(id=function, ctx=ast.Load()), args=node.args, keywords=[]), node)
                result: ast.AST = call
                for part in reversed(parts):
                    result = self.product(ast.copy_location(ast.Name(id=part, ctx=ast.Load()), node), result, node)
                return result
        return None

    def module_call(self, node: ast.Call) -> ast.AST:
        dotted = _dotted(node.func)
        if dotted is None:
            return node
        for prefix in MODULE_PREFIXES:
            rest = dotted[len(prefix):]
            if prefix.split(".")[0] in self.policy.names:
                continue  # F.sum() with a declared matrix F is a method of F, not torch's F
            if dotted.startswith(prefix) and rest and "." not in rest:
                inverse = self.policy.spelling_for("inverse")
                if rest == "solve" and len(node.args) == 2 and not node.keywords and inverse and self.policy.matrix_ops:
                    system, right = (self.visit(a) for a in node.args)  # np.linalg.solve(A, b) is inv(A) @ b
                    call = ast.copy_location(ast.Call(func=ast.Name(id=inverse, ctx=ast.Load()), args=[system], keywords=[]), node)
                    return ast.copy_location(ast.BinOp(left=call, op=ast.MatMult(), right=right), node)
                if rest == "where" and len(node.args) == 3 and not node.keywords:
                    chosen = self.choice(node.args[0], node.args[1], node.args[2], node)
                    if chosen is not None:
                        return chosen
                operator = MODULE_OPERATORS.get(rest)
                if operator is not None and len(node.args) == 2 and not node.keywords:
                    op = {"@": ast.MatMult() if self.policy.matrix_ops else ast.Mult(), "*": ast.Mult(), "+": ast.Add(),
                          "-": ast.Sub(), "/": ast.Div(), "**": ast.Pow()}[operator]
                    left, right = (self.visit(a) for a in node.args)
                    return ast.copy_location(ast.BinOp(left=left, op=op, right=right), node)
                node.func = ast.copy_location(ast.Name(id=rest, ctx=ast.Load()), node.func)
                return self.visit_Call(node)
        return node

    # -- names

    def split(self, node: ast.Name) -> list[str] | None:
        """The declared names an undeclared name spells, when it spells exactly one product of them."""
        try:
            parts = split_word(node.id, self.policy.vocabulary())
        except AmbiguousSplit as exc:
            raise ambiguity_error(exc, self.position(node)) from None
        return list(parts) if parts is not None and len(parts) > 1 else None

    def names_product(self, parts: list[str], at: ast.AST) -> ast.AST:
        result: ast.AST = ast.copy_location(ast.Name(id=parts[0], ctx=ast.Load()), at)
        for part in parts[1:]:
            result = self.product(result, ast.copy_location(ast.Name(id=part, ctx=ast.Load()), at), at)
        return result

    def visit_Name(self, node: ast.Name) -> ast.AST:
        name = node.id
        policy = self.policy
        if policy.is_constant(name) and len(name) > 1:
            check_constant_word(name, policy, self.position(node))
        if name in policy.names or policy.is_constant(name) or name in policy.functions or name in SPELLINGS \
                or name in REWRITES:
            return node
        adjoint = adjoint_name(name, policy) or spelled_name(name, policy)
        if adjoint is not None:
            return ast.copy_location(ast.Name(id=adjoint, ctx=ast.Load()), node)
        if policy.matrix_ops:
            if name == "I":
                return node  # the identity, sized by what it meets (see matrix.evaluation)
            eye = policy.spelling_for("eye") or ("eye" if "eye" in policy.functions else None)
            size = name[2:] if name.startswith("I_") else name[1:] if name.startswith("I") else ""
            if eye is not None and size in policy.names:
                return ast.copy_location(ast.Call(func=ast.Name(id=eye, ctx=ast.Load()),
                                                  args=[ast.copy_location(ast.Name(id=size, ctx=ast.Load()), node)],
                                                  keywords=[]), node)
        parts = self.split(node)
        if parts is not None:
            return self.names_product(parts, node)
        return self.split_with_functions(node) or node

    def split_with_functions(self, node: ast.Name) -> ast.AST | None:
        """``nlogn``: names and functions glued, each function taking the one name after it (n*log(n))."""
        functions = {f for f in self.policy.functions if len(f) > 1 and f not in self.policy.names}
        try:
            parts = split_word(node.id, self.policy.vocabulary() | functions)
        except AmbiguousSplit as exc:
            raise ambiguity_error(exc, self.position(node)) from None
        if parts is None or not any(p in functions for p in parts):
            return None
        factors: list[ast.AST] = []
        index = 0
        while index < len(parts):
            part = parts[index]
            if part in functions:
                argument = parts[index + 1] if index + 1 < len(parts) else None
                if argument is None or argument in functions:
                    return None
                if index + 2 < len(parts) and parts[index + 2] not in functions:
                    raise ExpressionError(f"'{node.id}' at column {(self.position(node) or 0) + 1}: the argument of "
                                          f"{part} is unclear; write it in brackets", self.position(node))
                call = ast.Call(func=ast.Name(id=part, ctx=ast.Load()), args=[ast.Name(id=argument, ctx=ast.Load())],
                                keywords=[])
                factors.append(ast.copy_location(call, node))
                index += 2
            else:
                factors.append(ast.copy_location(ast.Name(id=part, ctx=ast.Load()), node))
                index += 1
        for factor in ast.walk(ast.Module(body=[ast.Expr(f) for f in factors], type_ignores=[])):
            if isinstance(factor, ast.Name):
                ast.copy_location(factor, node)
        result = factors[0]
        for factor in factors[1:]:
            result = self.product(result, factor, node)
        return result

    # -- powers

    def known(self, name: str) -> bool:
        policy = self.policy
        return name in policy.names or policy.is_constant(name) or name in policy.functions or name in SPELLINGS \
            or name in REWRITES

    def operator_text(self, node: ast.BinOp) -> str:
        """The original text between the two operands of ``node`` (its operator, brackets and spaces)."""
        end, start = getattr(node.left, "end_col_offset", None), getattr(node.right, "col_offset", None)
        if self.origin is None or not self.text or end is None or start is None:
            return ""
        last = len(self.origin) - 1
        return self.text[self.origin[min(max(end, 0), last)]:self.origin[min(max(start, 0), last)]]

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        if isinstance(node.op, ast.Mult) and self.policy.matrix_ops \
                and any(mark in self.operator_text(node) for mark in PRODUCT_MARKS):
            # W1·x, A × B: the sign is \cdot / \times, the matrix product unless a side is a plain number
            self.children(node)
            if not (_is_number(node.left) or _is_number(node.right)):
                node.op = ast.MatMult()
            return node
        if isinstance(node.op, ast.Div):
            self.children(node)
            self.refuse_glued_divisor(node)
            return node
        if isinstance(node.op, ast.Pow):
            left, right = node.left, node.right
            if isinstance(right, ast.Call) and isinstance(right.func, ast.Constant) and len(right.args) == 1 \
                    and not right.keywords:
                exponent = ast.copy_location(ast.Constant(right.func.value), right)
                if isinstance(left, ast.Name) and self.policy.is_function_word(left.id):
                    # tanh^2(z): Python reads tanh ** (2(z)); written mathematics means tanh(z)**2
                    call = ast.copy_location(ast.Call(func=left, args=right.args, keywords=[]), left)
                    return ast.copy_location(ast.BinOp(left=self.visit(call), op=ast.Pow(), right=exponent), node)
                # sigma^2(1 - d/n): Python reads sigma ** (2(1 - d/n)); written mathematics means sigma**2 * (...)
                # (the parser reads such text as written mathematics first; this stands when that reader cannot,
                # as in sigma^2(np.exp(z)): see juxtaposition_across)
                power = ast.copy_location(ast.BinOp(left=self.visit(left), op=ast.Pow(), right=exponent), node)
                return self.product(power, self.visit(right.args[0]), node)
            if isinstance(right, ast.Call) and isinstance(right.func, ast.Name) and len(right.args) == 1 \
                    and not right.keywords and (right.func.id in self.policy.names or right.func.id == "T"):
                # X^T(Xw - t), sigma^n(1 - d): the power (or transpose), then a bracketed factor
                if right.func.id == "T" and self.policy.matrix_ops and "T" not in self.policy.names:
                    power = ast.copy_location(ast.Attribute(value=self.visit(left), attr="T", ctx=ast.Load()), node)
                else:
                    power = ast.copy_location(ast.BinOp(left=self.visit(left), op=ast.Pow(), right=right.func), node)
                return self.product(power, self.visit(right.args[0]), node)
            if self.policy.matrix_ops and isinstance(right, ast.Name) and right.id == "T" and "T" not in self.policy.names:
                return ast.copy_location(ast.Attribute(value=self.visit(left), attr="T", ctx=ast.Load()), node)
            if isinstance(left, ast.Name) and not self.known(left.id) and (parts := self.split(left)) is not None:
                # NKD^2: the power binds to the last letter, as in written mathematics
                last = ast.copy_location(ast.Name(id=parts[-1], ctx=ast.Load()), left)
                power = ast.copy_location(ast.BinOp(left=last, op=ast.Pow(), right=self.visit(right)), node)
                return self.product(self.names_product(parts[:-1], left), power, node)
        self.children(node)
        return node


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _is_number(node: ast.AST) -> bool:
    return all(not isinstance(n, ast.Name) or n.id in ("pi", "E") for n in ast.walk(node))


def spelled_name(name: str, policy: ParsePolicy) -> str | None:
    """``w_1`` for a declared ``w1`` and ``W1`` for a declared ``W_1`` (the subscript written or not), when that
    is the one declared spelling."""
    candidates = {name.replace("_", ""), re.sub(r"(?<=[A-Za-z])(?=\d)", "_", name)} - {name}
    found = sorted(c for c in candidates if c in policy.names)
    return found[0] if len(found) == 1 else None


def adjoint_name(name: str, policy: ParsePolicy) -> str | None:
    """``delta_u`` / ``\\delta_{c_2}`` (the handouts' adjoint notation) as the declared adjoint ``u_bar`` / ``c2_bar``,
    when no symbol of that spelling (or named delta) is declared."""
    if not name.startswith("delta_") or name in policy.names or "delta" in policy.names:
        return None
    node = name[len("delta_"):]
    for candidate in (f"{node}_bar", f"{node.replace('_', '')}_bar", f"{node}bar"):
        if candidate in policy.names:
            return candidate
    return None


def check_constant_word(word: str, policy: ParsePolicy, position: int | None) -> None:
    """``pi`` with symbols p and i declared may be the constant or p*i: refused, naming both."""
    found = readings(word, policy.names)
    if found:
        raise ambiguity_error(AmbiguousSplit(word, [(word,), *found]), position)


def ambiguity_error(exc: AmbiguousSplit, position: int | None) -> ExpressionError:
    where = f" at column {position + 1}" if position is not None else ""
    return ExpressionError(f"{exc}{where}: write the product you mean with '*'", position,
                           suggestion="*".join(exc.readings[-1]))


_STRICT = (ast.Gt, ast.Lt)


def indicator(operands: list[ast.AST], ops: list[ast.cmpop], policy: ParsePolicy, position: int | None,
              at: ast.AST) -> ast.AST:
    """The indicator of ``operands[0] ops[0] operands[1] ...`` as a product of Heaviside steps.

    ``a > b`` is Heaviside(a - b, 0) (0 where a = b), ``a >= b`` is Heaviside(a - b, 1); a chain such
    as ``-1 <= z <= 1`` is the product of its links.
    """
    where = f" at column {position + 1}" if position is not None else ""
    heaviside = policy.spelling_for("Heaviside")
    if heaviside is None or policy.relation:
        raise ExpressionError(f"a comparison cannot be part of a calculation here{where}", position)
    result: ast.AST | None = None
    for left, op, right in zip(operands, ops, operands[1:]):
        if not isinstance(op, (ast.Gt, ast.GtE, ast.Lt, ast.LtE)):
            raise ExpressionError(f"'=' and '!=' are not allowed in a calculation{where}: give the expression itself "
                                  "(an indicator is written with <, <=, > or >=)", position)
        big, small = (left, right) if isinstance(op, (ast.Gt, ast.GtE)) else (right, left)
        big, small = copy.deepcopy(big), copy.deepcopy(small)
        if isinstance(small, ast.Constant) and small.value == 0:
            difference = big
        elif isinstance(big, ast.Constant) and big.value == 0:
            difference = ast.copy_location(ast.UnaryOp(op=ast.USub(), operand=small), at)
        else:
            difference = ast.copy_location(ast.BinOp(left=big, op=ast.Sub(), right=small), at)
        at_zero = ast.copy_location(ast.Constant(0 if isinstance(op, _STRICT) else 1), at)
        step = ast.copy_location(ast.Call(func=ast.copy_location(ast.Name(id=heaviside, ctx=ast.Load()), at),
                                          args=[difference, at_zero], keywords=[]), at)
        result = step if result is None else ast.copy_location(ast.BinOp(left=result, op=ast.Mult(), right=step), at)
    assert result is not None
    return result


_FORMULAS: dict[str, ast.AST] = {}


def expand_rewrite(formula: str, args: list[ast.AST], policy: ParsePolicy, at: ast.AST) -> ast.AST | None:
    """``formula`` (trusted table text in x, y) with the arguments put in; None if it needs a function not allowed here."""
    template = _FORMULAS.get(formula)
    if template is None:
        template = _FORMULAS[formula] = parse_python(formula, mode="eval").body
    tree = copy.deepcopy(template)
    values = dict(zip(("x", "y"), args))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            spelling = policy.spelling_for(node.func.id)
            if spelling is None:
                return None
            node.func.id = spelling

    def put(node: ast.AST) -> ast.AST:
        if isinstance(node, ast.Name) and node.id in values:
            return copy.deepcopy(values[node.id])
        for name, value in ast.iter_fields(node):
            if isinstance(value, ast.AST):
                setattr(node, name, put(value))
            elif isinstance(value, list):
                setattr(node, name, [put(v) if isinstance(v, ast.AST) else v for v in value])
        return ast.copy_location(node, at) if isinstance(node, ast.expr) else node

    return put(tree)


# -- where Python's precedence and written mathematics part ways


#: :func:`juxtaposition_across` found a juxtaposed factor that is the whole exponent (``sigma^2(1 - d/n)``): the
#: rewriter's own reading (a power, then the factor) is right, so it stands when the written-mathematics reader fails
WHOLE_EXPONENT = "whole exponent"
#: ... anywhere else on the left edge of an exponent or a divisor (``sigma^2 (1 - d/n)^2``, ``1/K (y - t)^T``)
INSIDE = "inside"


def juxtaposition_across(body: ast.AST, policy: ParsePolicy) -> str | None:
    """Whether Python's tree glued a juxtaposed factor into an exponent or a divisor.

    Python reads ``2 (x)`` and ``K (x)`` as calls, which bind tighter than ``**`` and ``/``: it reads
    ``sigma^2 (1 - d/n)^2`` as sigma ** (2(1 - d/n))**2 and ``1/K (y - t)^T`` as 1/(K(y - t))**T.  In written
    mathematics (TeX, and the reader of :mod:`.latex`) a juxtaposition after an exponent ends it, and a product
    after a division is read left to right (a factor glued to the divisor is refused, naming both readings).
    Returns :data:`WHOLE_EXPONENT` or :data:`INSIDE` when the left edge of the right operand of a ``**`` or a
    ``/`` is such a call (the parser then reads the text as written mathematics), else None.
    """
    found: str | None = None
    for node in ast.walk(body):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Pow, ast.Div))):
            continue
        for depth, edge in enumerate(_left_edge(node.right)):
            if _juxtaposition_call(edge, policy):
                if depth == 0 and isinstance(node.op, ast.Pow):
                    found = found or WHOLE_EXPONENT
                else:
                    return INSIDE
                break
    return found


def _left_edge(node: ast.AST):
    """The operands on the left edge of ``node``: those Python's precedence glues to what comes before it."""
    while True:
        yield node
        if isinstance(node, ast.UnaryOp):
            node = node.operand
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            node = node.left
        elif isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return


def _juxtaposition_call(node: ast.AST, policy: ParsePolicy) -> bool:
    """A call that the rewriter reads as a product: of a number, a declared symbol, a bracket or a value."""
    if not isinstance(node, ast.Call) or node.keywords or len(node.args) != 1:
        return False
    func = node.func
    if isinstance(func, ast.Constant):
        return isinstance(func.value, (int, float)) and not isinstance(func.value, bool)
    if isinstance(func, ast.Name):
        return func.id in policy.names and func.id not in policy.functions
    if isinstance(func, ast.Attribute):
        return func.attr == "T"
    return isinstance(func, (ast.BinOp, ast.UnaryOp, ast.Call))
