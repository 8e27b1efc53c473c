"""The ``whoswatching`` (alias ``ww``) command line: one typer group per domain, listed explicitly."""

from __future__ import annotations

import typer

from whoswatching.cli import (
    campaigns,
    catalog,
    coding,
    deadlines,
    demo,
    exposure,
    intake,
    outbox,
    registry,
    site,
    stats,
)

cli = typer.Typer(
    name="whoswatching",
    help="Who's watching you? FOI campaigns, reply coding, statistics and camera exposure analytics.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

#: Every command group, in the order `--help` lists them.
GROUPS = (
    ("registry", registry.app),
    ("catalog", catalog.app),
    ("campaigns", campaigns.app),
    ("deadlines", deadlines.app),
    ("intake", intake.app),
    ("coding", coding.app),
    ("stats", stats.app),
    ("exposure", exposure.app),
    ("outbox", outbox.app),
)
for _name, _app in GROUPS:
    cli.add_typer(_app, name=_name)
site.register(cli)
demo.register(cli)


def main() -> None:
    cli()
