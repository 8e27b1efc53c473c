"""``whoswatching stats`` commands."""

import typer

app = typer.Typer(help="stats", no_args_is_help=True)
