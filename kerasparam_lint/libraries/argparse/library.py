"""argparse: ``parser.parse_args()`` gives the options' declared defaults.

An option reads as ``default=`` (a string default converted by ``type=int``/``float``,
as argparse converts it), ``False`` for ``store_true``, ``True`` for ``store_false``,
``None`` when it has none, and unknown when the command line must give it (a positional,
``required=True``) or its default is not known. A run told other values
(``Shared.command_line.given``) reads those instead. Each option read is recorded with
the values a branch of the script may tell apart (its ``choices``, else the literals the
file compares it with): the analysis runs the ``__main__`` block once per such reading.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kerasparam_lint.evaluator.constants import is_constant
from kerasparam_lint.evaluator.library import NOT_MINE, Library, OptionRead
from kerasparam_lint.evaluator.values import Builtin, Namespace, member_path
from kerasparam_lint.graph.unknown import UNKNOWN

# What ``type=`` converts a string default with, and the literals it can equal.
_TYPES: dict[str, tuple[type, ...]] = {"int": (int,), "float": (int, float), "str": (str,)}
_FLAG_DEFAULTS = {"store_true": False, "store_false": True}


@dataclass(frozen=True)
class Option:
    flag: str
    dest: str
    default: Any
    choices: tuple[Any, ...] | None
    type_name: str | None  # "int", "float", "str"; None for another converter


@dataclass(eq=False)
class Parser:
    options: dict[str, Option] = field(default_factory=dict)
    # Sub-commands, or an option whose ``dest`` is not known: parse_args is not followed.
    opaque: bool = False


@dataclass(eq=False)
class Group:
    """``add_argument_group()``/``add_mutually_exclusive_group()``: adds to its parser."""

    parser: Parser


@dataclass(eq=False)
class Parsed:
    """What ``parse_args()`` returns; attributes the script assigns afterwards win."""

    options: dict[str, Option]
    assigned: dict[str, Any] = field(default_factory=dict)


def _add_argument(parser: Parser, args: list[Any], kwargs: dict[str, Any]) -> None:
    names = [name for name in args if isinstance(name, str)]
    dest, action, nargs = kwargs.get("dest"), kwargs.get("action", "store"), kwargs.get("nargs")
    spelled = all(value is None or isinstance(value, str) for value in (dest, action))
    if not names or len(names) != len(args) or not spelled or nargs is UNKNOWN:
        parser.opaque = True  # which option it is, or what it stores, is not known
        return
    long = [name for name in names if name.startswith("--")]
    flag = (long or names)[0]
    positional = not flag.startswith("-")
    if dest is None:
        dest = flag.lstrip("-").replace("-", "_")
    if action in ("help", "version"):
        return
    type_value = kwargs.get("type")
    type_name = "str" if type_value is None else _builtin_type(type_value)
    if "default" in kwargs:
        default = _converted(kwargs["default"], type_name, type_value is None)
    elif action in _FLAG_DEFAULTS:
        default = _FLAG_DEFAULTS[action]
    elif kwargs.get("required") is True or (positional and kwargs.get("nargs") not in ("?", "*")):
        default = UNKNOWN  # the command line must give it
    else:
        default = None
    choices = kwargs.get("choices")
    known_choices = tuple(choices) if isinstance(choices, (list, tuple)) else None
    if known_choices is not None and not is_constant(known_choices):
        known_choices = None
    if action in _FLAG_DEFAULTS:
        type_name = None  # a flag is tested for truth, not told apart by value
    parser.options[dest] = Option(flag, dest, default, known_choices, type_name)


def _builtin_type(value: Any) -> str | None:
    """``int``, ``float`` or ``str`` when ``type=`` is that built-in."""
    name = value.name if isinstance(value, Builtin) else None
    return name if name in _TYPES else None


def _converted(default: Any, type_name: str | None, no_type: bool) -> Any:
    """argparse runs ``type`` on a string default; any other default is kept as given."""
    if not is_constant(default):
        return UNKNOWN
    if not isinstance(default, str) or no_type:
        return default
    if type_name is None:
        return UNKNOWN
    try:
        return _TYPES[type_name][-1](default)
    except ValueError:
        return UNKNOWN


class ArgparseLibrary(Library):
    def __init__(self, evaluation: Any) -> None:
        super().__init__(evaluation)
        self._roots = {
            "argparse": Namespace(
                "argparse", {"ArgumentParser": Builtin("argparse.ArgumentParser", _new_parser)}
            )
        }

    def resolve(self, dotted: str) -> Any:
        found = member_path(self._roots, dotted)
        return NOT_MINE if found is None else found

    def attribute(self, receiver: Any, name: str) -> Any:
        if isinstance(receiver, Parsed):
            return self._option(receiver, name)
        if isinstance(receiver, Group):
            receiver = receiver.parser
        elif not isinstance(receiver, Parser):
            return NOT_MINE
        parser = receiver
        if name == "add_argument":
            return Builtin(name, lambda _i, args, kwargs, _s: _add_argument(parser, args, kwargs))
        if name in ("add_argument_group", "add_mutually_exclusive_group"):
            return Builtin(name, lambda _i, _a, _k, _s: Group(parser))
        if name == "set_defaults":
            return Builtin(name, lambda _i, _a, kwargs, _s: self._set_defaults(parser, kwargs))
        if name in ("parse_args", "parse_known_args"):
            return Builtin(
                name, lambda _i, args, kwargs, _s: self._parse(parser, name, args, kwargs)
            )
        if name == "add_subparsers":
            parser.opaque = True
        return UNKNOWN

    def set_attribute(self, receiver: Any, name: str, value: Any) -> bool:
        if not isinstance(receiver, Parsed):
            return False
        receiver.assigned[name] = value
        return True

    @staticmethod
    def _set_defaults(parser: Parser, kwargs: dict[str, Any]) -> None:
        for dest, value in kwargs.items():
            option = parser.options.get(dest)
            if option is None:
                parser.opaque = True
            else:
                known = value if is_constant(value) else UNKNOWN
                parser.options[dest] = Option(
                    option.flag, dest, known, option.choices, option.type_name
                )

    @staticmethod
    def _parse(parser: Parser, method: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """The options as the command line gives them; an explicit argument list other
        than ``[]`` (a notebook's ``parse_args([])``) is not read."""
        given = args[0] if args else kwargs.get("args")
        if parser.opaque or given not in (None, [], ()):
            return UNKNOWN
        parsed = Parsed(dict(parser.options))
        return parsed if method == "parse_args" else (parsed, [])

    def _option(self, parsed: Parsed, name: str) -> Any:
        if name in parsed.assigned:
            return parsed.assigned[name]
        option = parsed.options.get(name)
        if option is None:
            return UNKNOWN
        command_line = self.shared.command_line
        value = command_line.given.get(name, option.default)
        if name not in command_line.read:
            command_line.read[name] = OptionRead(
                option.flag,
                name,
                f"{self._parsed_name}.{name}",
                value,
                self._alternatives(option),
            )
        return value

    def _alternatives(self, option: Option) -> tuple[Any, ...]:
        """The values a branch may tell apart: its ``choices``, else the literals the file
        compares it with (``x.model == "cnn"``) of a type it can have; none for a flag."""
        if option.type_name is None:
            return ()
        if option.choices is not None:
            return option.choices
        kinds = _TYPES[option.type_name]
        literals = self._compared.get(option.dest, [])
        fitting = [v for v in literals if isinstance(v, kinds) and not isinstance(v, bool)]
        return tuple(dict.fromkeys(fitting))

    @property
    def _parsed_name(self) -> str:
        return self._file_reads[0]

    @property
    def _compared(self) -> dict[str, list[Any]]:
        return self._file_reads[1]

    @cached_property
    def _file_reads(self) -> tuple[str, dict[str, list[Any]]]:
        """From one walk of the file: what it binds ``parse_args()``'s result to (``args``,
        ``self.opts``: how its conditions spell an option, ``args.model``), and the
        literals each attribute name is compared with (``x.model == "cnn"``, ``x.model in
        ("a", "b")``), in the order the file writes them."""
        tree = self.evaluation.syntax_tree
        walked = ast.walk(tree) if tree is not None else ()
        nodes = [n for n in walked if isinstance(n, (ast.Assign, ast.Compare))]
        nodes.sort(key=lambda n: (n.lineno, n.col_offset))
        parsed_name: str | None = None
        compared: dict[str, list[Any]] = {}
        for node in nodes:
            if isinstance(node, ast.Assign):
                parsed_name = parsed_name or _parse_args_target(node)
                continue
            operands = [node.left, *node.comparators]
            for left, op, right in zip(operands, node.ops, operands[1:], strict=False):
                for name, literals in _literal_comparison(left, op, right):
                    compared.setdefault(name, []).extend(literals)
        return parsed_name or "args", compared


def _parse_args_target(node: ast.Assign) -> str | None:
    """``args`` of ``args = parser.parse_args()`` (``opts`` of ``opts, _ =
    parser.parse_known_args()``); None for any other assignment."""
    call = node.value
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
        return None
    target = node.targets[0]
    if call.func.attr == "parse_known_args" and isinstance(target, ast.Tuple):
        target = target.elts[0]
    if call.func.attr in ("parse_args", "parse_known_args"):
        return ast.unparse(target)
    return None


def _literal_comparison(left: ast.expr, op: ast.cmpop, right: ast.expr) -> list[tuple[str, list]]:
    if isinstance(op, (ast.Eq, ast.NotEq)):
        pairs = [(left, right), (right, left)]
        return [
            (a.attr, [b.value])
            for a, b in pairs
            if isinstance(a, ast.Attribute) and isinstance(b, ast.Constant)
        ]
    if isinstance(op, (ast.In, ast.NotIn)) and isinstance(left, ast.Attribute):
        if isinstance(right, (ast.Tuple, ast.List, ast.Set)) and all(
            isinstance(item, ast.Constant) for item in right.elts
        ):
            return [(left.attr, [item.value for item in right.elts])]  # type: ignore[attr-defined]
    return []


def _new_parser(interp: Any, args: list[Any], kwargs: dict[str, Any], site: Any) -> Parser:
    return Parser()
