"""The request the coder reads replies against (``request.yml``), loaded once.

The questions are those of the default campaign request (campaigns/data/templates/request.txt). A reply
that quotes a question back is quoting the request, and nothing in it counts as the body's answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

#: The codebook topics a question can ask about.
TOPICS = ("hikvision", "dahua", "other_chinese", "models", "count", "capabilities", "in_use", "internet")

_WORD = re.compile(r"[a-z0-9]{3,}")
#: Words too common in replies to tell a quoted question from an answer.
_STOP = frozenset(
    ["the", "and", "for", "any", "are", "that", "this", "with", "from", "its", "our", "your", "you", "have", "has", "was", "were", "not", "use", "used", "body", "which", "whether", "please", "equipment", "questions", "question"]
)


def words(text: str) -> frozenset[str]:
    """The content words of a text, lower-cased (for matching quoted questions)."""
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP)


@dataclass(frozen=True)
class Question:
    number: int
    topics: frozenset[str]
    text: str
    words: frozenset[str]


@dataclass(frozen=True)
class RequestScheme:
    version: int
    questions: tuple[Question, ...]
    boilerplate: tuple[frozenset[str], ...]

    def by_number(self, number: int) -> Question | None:
        for q in self.questions:
            if q.number == number:
                return q
        return None

    def match(self, text: str) -> tuple[Question | None, float]:
        """The request question (or boilerplate, ``None``) a line quotes, and how closely (0..1).

        The score is the share of the line's content words found in one request sentence; a line of
        fewer than four content words never matches (a bare "Yes" or "Hikvision" is an answer), nor
        does one that covers less than 35% of the request sentence; a line of four or five content
        words matches only if every word is the sentence's and it covers 60% of it.
        """
        w = words(text)
        if len(w) < 4:
            return None, 0.0
        short = len(w) < 6  # a short line must be all request words and most of the sentence
        best: tuple[Question | None, float] = (None, 0.0)
        for target, ws in [(q, q.words) for q in self.questions] + [(None, b) for b in self.boilerplate]:
            common = len(w & ws)
            # Most of the line is request wording, and the line covers a fair part of the sentence.
            if common / len(ws) < (0.6 if short else 0.35):
                continue
            score = common / len(w)
            if short and score < 1.0:
                continue
            if score > best[1]:
                best = (target, score)
        return best


@lru_cache(maxsize=1)
def load_request() -> RequestScheme:
    """The shipped request scheme (cached)."""
    raw = yaml.safe_load(resources.files(__package__).joinpath("request.yml").read_text(encoding="utf-8"))
    questions = []
    for row in raw["questions"]:
        topics = frozenset(row["topics"])
        unknown = topics - set(TOPICS)
        if unknown:
            raise ValueError(f"request.yml question {row['number']}: unknown topics {sorted(unknown)}")
        questions.append(Question(int(row["number"]), topics, row["text"], words(row["text"])))
    parts = [p for row in raw["questions"] for p in row.get("parts", ())]
    boiler = tuple(words(t) for t in (*raw.get("boilerplate", ()), *parts))
    return RequestScheme(int(raw["version"]), tuple(questions), boiler)
