import io

from whoswatching.cli import _output


def test_print_table_shows_markup_like_text_literally(monkeypatch):
    buffer = io.StringIO()
    monkeypatch.setattr(_output, "console", _output.Console(file=buffer, width=120))
    _output.print_table([{"name": "Evil [/b] Council [red]x[/red]"}])
    assert "Evil [/b] Council [red]x[/red]" in buffer.getvalue()


def test_csv_neutralises_formulas():
    out = io.StringIO()
    _output.write_csv([{"name": "=HYPERLINK(\"http://x\")", "n": 3}], out)
    assert "'=HYPERLINK" in out.getvalue()
