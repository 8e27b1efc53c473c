"""Render the CLI reference (docs/cli.md) from the commands themselves, for cog.

``make docs`` (``cog -r docs/cli.md``) rewrites the reference; ``tests/docs/test_docs.py`` fails when
it is stale or when a command has no docstring example.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer

# typer vendors its own click, so commands and parameters are recognised by shape, not by class.
Command = Any


def walk(command: Command, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Command]]:
    """Every leaf command under ``command`` with its full path, in the order --help lists them."""
    subcommands = getattr(command, "commands", None)
    if subcommands is not None:
        for name, sub in subcommands.items():
            if not sub.hidden:
                yield from walk(sub, (*path, name))
    else:
        yield path, command


def _kind(param: Any) -> str:
    """A short type name from typer's type descriptor (enum choices listed)."""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    origin_args = getattr(annotation, "__args__", None)
    if origin_args:
        annotation = origin_args[0]
    members = getattr(annotation, "__members__", None)
    if members:
        return " \\| ".join(members)
    return getattr(annotation, "__name__", "text").lower().replace("str", "text")


def _param_row(param: Any) -> str:
    if param.param_type_name == "argument":
        name = f"`{getattr(param, 'human_readable_name', None) or (param.metavar or param.name).upper()}`"
        kind = "argument" + (", repeatable" if param.nargs == -1 else "")
        default = ""
        help_text = (getattr(param, "help", None) or "").replace("\n", " ").replace("|", "\\|")
    else:
        name = ", ".join(f"`{o}`" for o in param.opts)
        if param.secondary_opts:
            name += " / " + ", ".join(f"`{o}`" for o in param.secondary_opts)
        kind = "flag" if param.is_flag else _kind(param)
        if param.multiple:
            kind += ", repeatable"
        default = "" if param.default in (None, "", (), []) or param.is_flag and not param.default else f"`{param.default}`"
        help_text = (param.help or "").replace("\n", " ").replace("|", "\\|")
    required = " (required)" if param.required else ""
    return f"| {name}{required} | {kind} | {default} | {help_text} |"


def render(cli: typer.Typer) -> str:
    """The markdown reference of every command: usage, description, options."""
    root = typer.main.get_command(cli)
    out = []
    for path, command in walk(root):
        full = "whoswatching " + " ".join(path)
        out.append(f"## `{full}`\n")
        doc = (command.help or "").strip()
        out.append(doc.replace("Example:\n", "Example:\n\n").replace("\n    ", "\n    ") + "\n")
        params = [p for p in command.params if p.name not in ("help",) and not getattr(p, "hidden", False)]
        if params:
            out.append("| option | kind | default | meaning |\n| --- | --- | --- | --- |")
            out.extend(_param_row(p) for p in params)
            out.append("")
    return "\n".join(out) + "\n"


def commands(cli: typer.Typer) -> list[tuple[str, Command]]:
    root = typer.main.get_command(cli)
    return [("whoswatching " + " ".join(path), command) for path, command in walk(root)]
