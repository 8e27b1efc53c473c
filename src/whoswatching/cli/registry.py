"""``whoswatching registry`` commands."""

import typer

app = typer.Typer(help="registry", no_args_is_help=True)
