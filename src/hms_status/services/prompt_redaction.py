"""Secrets taken out of text before it leaves the machine (the prompt of a language model).

The same redaction as for .env values and analyses: a secret is replaced by the .env mask
(``envfiles.mask``: up to 8 characters become all ``*``; longer ones keep their first 2
characters, then 8 ``*``). Applied in this order to the whole text:

1. a PEM private key block (``-----BEGIN ... PRIVATE KEY-----`` to its END line, or to the
   end of the text) becomes ``[private key]``;
2. a URL's user-info (``https://user:token@host``) becomes ``****`` (``domain.redact``);
3. every match of detect-secrets' vendor key and credential patterns (AWS, GitHub, GitLab,
   Slack, Stripe, OpenAI, npm, PyPI, JSON Web Tokens, ...: analysis.secret_detector) is masked;
4. the credential after ``Bearer`` or ``Basic`` is masked;
5. the value of a secret-sounding name (``NAME=value``, ``NAME: value``, quoted or not; a name
   holding secret, token, password, passwd, pwd, credential, api_key, access_key,
   private_key, authorization, or ending in ``_key``/``-key``) is masked;
6. a run of 20 or more characters of ``A-Z a-z 0-9 + / =`` that mixes upper case, lower case
   and digits, or is all hexadecimal with a digit and a letter, is masked (random tokens,
   hex keys; commit hashes too).
"""

from __future__ import annotations

import re

from hms_status.analysis.secret_detector import python_prefilter
from hms_status.domain.redact import redact
from hms_status.envfiles import mask

PRIVATE_KEY = "[private key]"
_PEM = re.compile(
    r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----.*?"
    r"(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\Z)",
    re.DOTALL,
)
_SECRET_WORDS = (
    r"secret|token|passw(?:or)?d|pwd|credentials?|api[_-]?key|access[_-]?key"
    r"|private[_-]?key|authorization"
)
_ASSIGNMENT = re.compile(
    rf"(?P<name>\b[\w.-]*?(?:{_SECRET_WORDS})[\w.-]*|\b[\w.-]+[_-]key\b)"
    r"(?P<sep>\s*(?::=|=>|=|:)\s*)"
    r"(?P<value>\"[^\"\n]*\"|'[^'\n]*'|[^\s\"',;]+)",
    re.IGNORECASE,
)
_SCHEME_CREDENTIAL = re.compile(r"\b(?P<name>Bearer|Basic)(?P<sep>\s+)(?P<value>[\w.~+/=-]+)")
_RUN = re.compile(r"[A-Za-z0-9+/=]{20,}")
_HEX = re.compile(r"[0-9a-fA-F]+")
_EDGES = ' \t\r\n=:"'


def scrub(text: str) -> str:
    """The text with every secret it seems to hold masked (module docstring)."""
    text = _PEM.sub(PRIVATE_KEY, text)
    text = redact(text)
    for pattern in python_prefilter():
        text = pattern.sub(_mask_match, text)
    text = _SCHEME_CREDENTIAL.sub(_mask_value, text)
    text = _ASSIGNMENT.sub(_mask_value, text)
    return _RUN.sub(_mask_random, text)


def _mask_match(found: re.Match[str]) -> str:
    """The match masked, the delimiters some patterns take in (spaces, =, :, quotes) kept."""
    whole = found.group(0)
    core = whole.strip(_EDGES)
    if not core:
        return whole
    start = whole.index(core)
    return whole[:start] + mask(core) + whole[start + len(core) :]


def _mask_value(found: re.Match[str]) -> str:
    value = found.group("value")
    quote = value[0] if value[:1] in "\"'" and len(value) >= 2 else ""
    inner = value[1:-1] if quote else value
    if not inner or set(inner) <= {"*"}:
        return found.group(0)
    return f"{found.group('name')}{found.group('sep')}{quote}{mask(inner)}{quote}"


def _mask_random(found: re.Match[str]) -> str:
    run = found.group(0)
    has_digit = any(c.isdigit() for c in run)
    mixed = has_digit and any(c.isupper() for c in run) and any(c.islower() for c in run)
    hexadecimal = has_digit and _HEX.fullmatch(run) is not None and not run.isdigit()
    return mask(run) if mixed or hexadecimal else run
