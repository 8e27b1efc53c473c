"""Docs are part of the test suite: every command, setting and registry entry is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from whoswatching.cli import cli
from whoswatching.cli.reference import commands

REPO = Path(__file__).resolve().parents[2]
CONFIG = (REPO / "src" / "whoswatching" / "config.py").read_text()
#: Every environment variable config.py reads.
SETTINGS = sorted(set(re.findall(r'_env(?:_int|_float)?\("([A-Z][A-Z0-9_]+)"', CONFIG)))


def test_cli_reference_is_current():
    from cogapp import Cog

    status = Cog().main(["cog", "--check", str(REPO / "docs" / "cli.md")])
    assert status == 0, "docs/cli.md is stale: run `make docs`"


@pytest.mark.parametrize(("name", "command"), commands(cli), ids=[n for n, _ in commands(cli)])
def test_every_command_has_help_and_an_example(name, command):
    doc = command.help or ""
    assert doc.strip(), f"{name} has no docstring"
    assert "Example:" in doc, f"{name}'s docstring has no Example: block"
    example = doc.split("Example:", 1)[1]
    assert re.search(r"whoswatching \S+", example), f"{name}'s example does not show a command line"


@pytest.mark.parametrize("setting", SETTINGS)
def test_every_setting_is_documented(setting):
    env = setting
    assert env in (REPO / "docs" / "configuration.md").read_text(), f"{env} missing from docs/configuration.md"
    assert env in (REPO / ".env.example").read_text(), f"{env} missing from .env.example"
