"""Text normalisation for matching tickets: masks, identifier splitting, stop words, stems.

The rules, in order:

1. Volatile values are masked to placeholder tokens, so that two tickets never look alike
   (or different) because of a number: ticket IDs (``WT-HMS-API-001`` → ``_ticket_``),
   UUIDs (``_uuid_``), timestamps and dates (``_time_``), URLs and paths with a ``/``
   (``_path_``), hex ids of 7+ characters holding a digit and a letter, or ``0x...``
   (``_hex_``), and numbers with an optional unit (``5s``, ``503``, ``1.2`` → ``_num_``).
2. Identifiers are split into their words as well as kept whole: ``test_merge_provider`` gives
   ``test_merge_provider``, ``merge``, ``provider``; ``TestMergeProvider`` gives the same
   words; ``DATABASE_URL`` gives ``database_url``, ``database``, ``url``.
3. Everything is lower-cased; English stop words and the boilerplate of automatic tickets
   ("opened automatically by test run ...", "Failure message:") are left out, and so are the
   placeholders themselves: a mask never makes a match.
4. A light suffix stemmer folds plurals and tenses (``timeouts``/``timeout``,
   ``failed``/``failing``/``fail``).
"""

from __future__ import annotations

import re

_MASKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bWT-[A-Za-z0-9][A-Za-z0-9._-]*-[0-9]{3,9}\b"), " _ticket_ "),
    (re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"),
     " _uuid_ "),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"),
     " _time_ "),
    (re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b"), " _time_ "),
    (re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE), " _path_ "),
    (re.compile(r"(?:~|\.{1,2})?(?:/[\w.@-]+)+/?|\b[\w.@-]+(?:/[\w.@-]+)+/?"), " _path_ "),
    (re.compile(r"\b0x[0-9a-fA-F]+\b"), " _hex_ "),
    (re.compile(r"\b(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{7,64}\b"), " _hex_ "),
    (re.compile(r"\b\d+(?:[.,]\d+)*(?:[a-zA-Z%]{1,3})?\b"), " _num_ "),
)  # fmt: skip
"""Volatile values and the placeholder each becomes, applied in this order."""

STOP_WORDS = frozenset(
    """a about after again all also an and any are as at be been before being but by can
    could did do does for from got had has have he her his how i if in into is it its just
    may me more most my no not of on once only or other our out over same she should so some
    such than that the their them then there these they this those to too under until up
    very was we were what when where which while who why will with would you your
    opened reopened automatically run class message""".split()  # noqa: SIM905
)
"""English stop words and the words every automatic ticket's text repeats."""

_BOILERPLATE = re.compile(
    r"^(?:Opened|Reopened) automatically by [^\n]*$|^(?:Test|Class|File):|"
    r"^(?:Failure|Error) message:",
    re.MULTILINE,
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_WORD = re.compile(r"[A-Za-z0-9_]+")
_SUFFIXES = ("ing", "ed", "es", "s")


def mask(text: str) -> str:
    """The text with volatile values replaced by placeholder tokens (rule 1)."""
    for pattern, token in _MASKS:
        text = pattern.sub(token, text)
    return text


def stem(word: str) -> str:
    """Fold a plural or a tense: the first of -ing, -ed, -es, -s that leaves 4+ letters."""
    if word.endswith("ss"):
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _words(raw: str) -> list[str]:
    """A raw word, kept whole (lower-cased) and split at underscores and camel humps."""
    whole = raw.lower()
    parts = [p.lower() for piece in raw.split("_") for p in _CAMEL.split(piece) if p]
    return [whole, *parts] if len(parts) > 1 else [whole]


def tokens(text: str, masked: bool = True) -> list[str]:
    """The matching tokens of a text (rules 1-4); masked=False for names such as test keys
    and check ids, whose slashes and dots separate words rather than make a path."""
    text = _BOILERPLATE.sub(" ", text)
    if masked:
        text = mask(text)
    out: list[str] = []
    for raw in _WORD.findall(text):
        if raw.startswith("_") and raw.endswith("_"):
            continue  # a placeholder
        for word in _words(raw):
            if word in STOP_WORDS or len(word) < 2 or word.isdigit():
                continue
            out.append(stem(word))
    return out
