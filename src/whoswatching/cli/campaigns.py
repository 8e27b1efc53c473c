"""``whoswatching campaigns`` commands."""

import typer

app = typer.Typer(help="campaigns", no_args_is_help=True)
