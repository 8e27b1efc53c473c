"""``whoswatching coding`` commands."""

import typer

app = typer.Typer(help="coding", no_args_is_help=True)
