"""``whoswatching intake`` commands."""

import typer

app = typer.Typer(help="intake", no_args_is_help=True)
