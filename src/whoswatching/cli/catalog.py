"""``whoswatching catalog`` commands."""

import typer

app = typer.Typer(help="catalog", no_args_is_help=True)
