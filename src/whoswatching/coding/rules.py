"""The auto-coder: an ordered chain of coders turns a reply's text into codebook suggestions.

Pure (no Django, no database, no network): ``code_text(text)`` returns a :class:`CodedReply`, whose
``to_json()`` is the codebook object (shared/docs/codebook.md). Each coder is a module of
``coding/coders/`` with ``code(reply, decided) -> list[Code]``; :data:`CODERS` lists them in the order
they run, and a later coder reads what earlier ones decided (models before makers, every field before
kind). How each field is decided: ``coding/README.md``.

The results are suggestions: a person accepts or corrects them before they are published.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import ModuleType

from whoswatching.coding.coders import (
    Reply,
    capabilities,
    connection,
    count,
    exemptions,
    kind,
    makers,
    models,
)
from whoswatching.coding.lexicon import Lexicon, load_lexicon
from whoswatching.coding.result import CODEBOOK_VERSION, EXTRA_FIELDS, FIELDS, Code, CodedReply
from whoswatching.coding.segments import segment_parts

Coder = Callable[[Reply, Mapping[str, Code]], list[Code]]

#: Every coder, in the order it runs (explicit registry; docs/coding.md lists them).
CODERS: tuple[ModuleType, ...] = (models, makers, count, capabilities, connection, exemptions, kind)


def code_text(
    text: str | Sequence[str],
    *,
    subject: str = "",
    sender: str = "",
    hint: str | None = None,
    lexicon: Lexicon | None = None,
) -> CodedReply:
    """Code one reply against the codebook.

    ``text`` is the reply's text, or its parts in order (mail body, then each attachment's text),
    each segmented on its own. ``subject``/``sender`` help tell bounces and auto-replies apart;
    ``hint`` is what the mail headers say the message is (``"bounce"``, ``"out_of_office"``).
    """
    parts = [text] if isinstance(text, str) else list(text)
    parts = [p.replace("\r\n", "\n").replace("\r", "\n") for p in parts]
    seg = segment_parts(parts)
    reply = Reply(
        text=seg.text, seg=seg, lex=lexicon or load_lexicon(), subject=subject or "", sender=sender or "", hint=hint
    )
    result = CodedReply(seg.text)
    for coder in CODERS:
        for c in coder.code(reply, result.codes):
            result.set(c)
    for name, default in (*FIELDS.items(), *EXTRA_FIELDS.items()):
        if name not in result.codes:
            result.set(Code(name, list(default) if isinstance(default, list) else default, 0.5))
    return result


__all__ = ["CODERS", "CODEBOOK_VERSION", "code_text", "CodedReply", "Code"]
