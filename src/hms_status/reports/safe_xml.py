"""A streaming XML reader for untrusted reports: refuses DTDs and entities, never loads a URL.

Expat is driven directly so that a ``<!DOCTYPE`` (the door to XXE and billion-laughs
attacks) stops the parse at once; the five predefined entities and character references
still work. Events come out as ``("start" | "end", element)`` pairs, like ``iterparse``,
so a caller can read each test case at its end and then clear it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, NoReturn
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from hms_status.errors import ReportError

EventKind = Literal["start", "end"]
Event = tuple[EventKind, Element]

CHUNK_BYTES = 1 << 20
_TEXT_BUFFER = 1 << 16
_HOSTILE_HINT = "test reports never need a DTD or entity declarations; the file may be hostile"
_MALFORMED_HINT = "the test run may have crashed while writing it; re-run the tests"
_ENCODING_HINT = "write the report as UTF-8"


def local_name(name: str) -> str:
    """The element or attribute name without its namespace prefix (``ns:Name`` -> ``Name``)."""
    return name.rpartition(":")[2]


class _EventReader:
    """Feeds bytes to one expat parser and collects the events it produces."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.builder = TreeBuilder()
        self.pending: list[Event] = []
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.buffer_size = _TEXT_BUFFER
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self.builder.data
        self.parser.StartDoctypeDeclHandler = self._refuse_doctype
        self.parser.EntityDeclHandler = self._refuse_entity
        self.parser.ExternalEntityRefHandler = self._refuse_external_entity

    def feed(self, chunk: bytes, *, final: bool) -> list[Event]:
        """Parse one chunk and hand back the events it completed."""
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError as error:
            raise self._malformed(error) from None
        except (ValueError, LookupError) as error:  # multi-byte legacy or unknown codec names
            raise self._encoding_error(str(error)) from None
        events, self.pending = self.pending, []
        return events

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self.pending.append(("start", self.builder.start(local_name(name), attributes)))

    def _end(self, name: str) -> None:
        self.pending.append(("end", self.builder.end(local_name(name))))

    def _refuse_doctype(self, *_args: object) -> NoReturn:
        raise self._hostile("DOCTYPE declarations")

    def _refuse_entity(self, *_args: object) -> NoReturn:
        raise self._hostile("entity declarations")

    def _refuse_external_entity(self, *_args: object) -> NoReturn:
        raise self._hostile("external entity references")

    def _hostile(self, what: str) -> ReportError:
        line = self.parser.CurrentLineNumber
        return ReportError(f"{self.source}: {what} are not allowed (line {line})", _HOSTILE_HINT)

    def _malformed(self, error: expat.ExpatError) -> ReportError:
        if error.code == expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING]:
            return self._encoding_error(str(error))
        return ReportError(f"{self.source}: not well-formed XML: {error}", _MALFORMED_HINT)

    def _encoding_error(self, detail: str) -> ReportError:
        return ReportError(
            f"{self.source}: unsupported character encoding: {detail}", _ENCODING_HINT
        )


def iter_events(data: bytes, source: str) -> Iterator[Event]:
    """Yield the start and end events of a report, refusing DTDs, entities and bad XML."""
    reader = _EventReader(source)
    for offset in range(0, len(data), CHUNK_BYTES):
        yield from reader.feed(data[offset : offset + CHUNK_BYTES], final=False)
    yield from reader.feed(b"", final=True)
