"""`whoswatching setup`, as `make run` calls it: migrate, load bundled data, staff login; idempotent."""

import re

import pytest
from typer.testing import CliRunner

from whoswatching.cli import cli

pytestmark = pytest.mark.django_db(transaction=True)


def test_setup_twice():
    runner = CliRunner()
    first = runner.invoke(cli, ["setup"])
    assert first.exit_code == 0, first.output
    text = re.sub(r"\s+", " ", first.output)
    assert "councils: 397 created" in text and "police_forces: 49 created" in text
    assert "catalogue: checked" in text
    assert "Staff login created: user staff password" in text
    second = re.sub(r"\s+", " ", runner.invoke(cli, ["setup"]).output)
    assert "councils: 0 created, 0 updated, 397 unchanged" in second
    assert "Staff login staff exists" in second
