"""Top-level commands: ``setup`` (migrate + load bundled data + staff login) and ``serve``."""

from __future__ import annotations

import typer

from whoswatching.cli._django import setup_django
from whoswatching.cli._output import console


def register(cli: typer.Typer) -> None:
    cli.command("setup")(setup)
    cli.command("serve")(serve)


def setup(
    staff_username: str = typer.Option("staff", help="Username of the staff login to create if missing."),
) -> None:
    """Create or migrate the database, load the bundled registers and catalogue, print a staff login.

    Example:
        whoswatching setup
    """
    setup_django()
    from django.core.management import call_command

    from whoswatching import install

    console.print("[bold]Migrating the database[/bold]")
    call_command("migrate", interactive=False, verbosity=0)
    for line in install.load_bundled_data():
        console.print(line)
    username, password = install.ensure_staff_login(staff_username)
    if password:
        console.print(f"[green]Staff login created:[/green] user [bold]{username}[/bold] password [bold]{password}[/bold]")
    else:
        console.print(f"Staff login [bold]{username}[/bold] exists (reset with `python manage.py changepassword {username}`).")


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to bind."),
    port: int = typer.Option(8000, help="Port to bind."),
) -> None:
    """Serve the web app (Django's server, static files included) at http://HOST:PORT.

    Example:
        whoswatching serve --port 8000
    """
    setup_django()
    from django.core.management import call_command

    call_command("runserver", f"{host}:{port}", use_reloader=False)
