"""``whoswatching exposure`` commands."""

import typer

app = typer.Typer(help="exposure", no_args_is_help=True)
