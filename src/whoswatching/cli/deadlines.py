"""``whoswatching deadlines`` commands."""

import typer

app = typer.Typer(help="deadlines", no_args_is_help=True)
