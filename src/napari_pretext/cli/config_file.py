"""``--config FILE.json`` for every command: settings from a file, options on the command line win.

The file is a JSON object of a command's options, named as in its ``--help`` (``batch-size``
or ``batch_size``) or as the config field they set (``learning_rate`` for ``--lr``, as a
checkpoint's config and ``info`` name them). Its values are parsed exactly like typed options (types,
choices, lists), so a bad value fails as it would on the command line.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.errors import PretextInputError


def add_config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE.json", default=None,
                        help="options from a JSON object, e.g. {\"epochs\": 5, \"batch-size\": 4}; options typed here override it")


def leaf_parsers(parser: argparse.ArgumentParser):
    """Every parser that runs a command (the leaves under the subcommands)."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield parser
        return
    for sub in subs:
        for child in dict.fromkeys(sub.choices.values()):
            yield from leaf_parsers(child)


def command_parser(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The leaf parser of the command ``args`` was parsed for."""
    while True:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            return parser
        parser = subs[0].choices[getattr(args, subs[0].dest)]


def read_config_file(path: str | Path) -> dict:
    from ..core.outputs import read_json_file

    path = Path(path)
    values = read_json_file(path, "config")
    if not isinstance(values, dict):
        raise PretextInputError(f"{path.name} must hold a JSON object of options, like {{\"epochs\": 5}}.")
    return values


def typed_on_command_line(action: argparse.Action, argv: list[str]) -> bool:
    """Whether ``argv`` gives the option (also as ``--opt=value`` or an abbreviation argparse accepts)."""
    for token in argv:
        if not token.startswith("--") or len(token) < 3:
            continue
        name = token.split("=", 1)[0]
        if any(opt == name or opt.startswith(name) for opt in action.option_strings):
            return True
    return False


def config_tokens(parser: argparse.ArgumentParser, values: dict, argv: list[str], name: str) -> list[str]:
    """The options of ``values`` as command-line tokens, less those typed in ``argv``."""
    options = [a for a in parser._actions if a.option_strings and a.dest not in ("help", "config")]
    actions = {}  # by option name (lr) and by config field name (learning_rate), - or _
    for a in options:
        for key in (a.dest, *(o.lstrip("-").replace("-", "_") for o in a.option_strings)):
            actions.setdefault(key, a)
    tokens = []
    for key, value in values.items():
        action = actions.get(key.replace("-", "_"))
        if action is None:
            known = ", ".join(sorted(a.option_strings[0].lstrip("-") for a in options))
            raise PretextInputError(f"{name}: {key!r} is not an option of this command (positional inputs go on the "
                                    f"command line); its options: {known}.")
        if typed_on_command_line(action, argv):
            continue
        flag = action.option_strings[-1]
        if isinstance(action, argparse.BooleanOptionalAction):  # --name / --no-name
            if not isinstance(value, bool):
                raise PretextInputError(f"{name}: {key!r} is true or false, not {value!r}.")
            tokens.append(action.option_strings[0 if value else 1])
        elif isinstance(action, (argparse._StoreTrueAction, argparse._StoreFalseAction)):
            if not isinstance(value, bool):
                raise PretextInputError(f"{name}: {key!r} is true or false, not {value!r}.")
            if value != action.default:
                tokens.append(flag)
        elif value is None:
            continue  # the option's own default
        elif isinstance(value, list):
            tokens += [flag, *map(str, value)]
        elif isinstance(value, (dict, bool)):
            raise PretextInputError(f"{name}: {key!r} must be a number, a text or a list, not {value!r}.")
        else:
            tokens += [flag, str(value)]
    return tokens


def parse_with_config(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """``parser.parse_args(argv)`` with the options of ``--config FILE`` added where not typed."""
    args = parser.parse_args(argv)
    if getattr(args, "config", None) is None:
        return args
    leaf = command_parser(parser, args)
    values = read_config_file(args.config)
    return parser.parse_args([*argv, *config_tokens(leaf, values, argv, Path(args.config).name)])
