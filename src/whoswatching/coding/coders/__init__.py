"""One module per codebook noun; each exposes ``code(reply, decided) -> list[Code]``.

The order they run in is :data:`whoswatching.coding.rules.CODERS`; a later coder may read what the
earlier ones decided (``decided``), e.g. the kind coder reads everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoswatching.coding.lexicon import Lexicon
from whoswatching.coding.segments import Segmented


@dataclass
class Reply:
    """What every coder reads: the text, its segmentation, the mail headers, the lexicon."""

    text: str
    seg: Segmented
    lex: Lexicon
    subject: str = ""
    sender: str = ""
    #: What the mail headers say the message is: "bounce", "out_of_office" or None.
    hint: str | None = None
    #: Facts a coder leaves for later coders (e.g. model identifications), keyed by coder.
    notes: dict[str, object] = field(default_factory=dict)
