"""A streaming XML reader for untrusted reports: refuses DTDs and entities, never loads a URL.

Expat is driven directly so that a ``<!DOCTYPE`` (the door to XXE and billion-laughs
attacks) stops the parse at once; the five predefined entities and character references
still work. Events come out as ``("start" | "end", element)`` pairs, like ``iterparse``,
so a caller can read each test case at its end and then clear it.

Huge reports stay flat in memory and bounded in time. The document is parsed 4 KB at a
time, so the few cases' elements and events of one chunk are read and freed while young:
with 1 MB chunks, 16,000 cases' worth of them waited long enough to be promoted, and the
garbage collector walked the whole heap six times as often (a 200,000-case report read
in twice the time). Once the format is known, the elements it reads one by one (its test
cases) leave their parent as they end, so a suite of 200,000 cases does not keep 200,000
cleared elements alive; a document with more of them than the reader accepts is refused
while it is being read, not after.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, NoReturn
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from hms_status.errors import ReportError
from hms_status.reports.limits import too_many_cases

EventKind = Literal["start", "end"]
Event = tuple[EventKind, Element]

CHUNK_BYTES = 1 << 12
"""Bytes parsed at a time: small, so each case's elements and events die young (see above)."""
_TEXT_BUFFER = 1 << 16
_HOSTILE_HINT = "test reports never need a DTD or entity declarations; the file may be hostile"
_MALFORMED_HINT = "the test run may have crashed while writing it; re-run the tests"
_ENCODING_HINT = "write the report as UTF-8"


def local_name(name: str) -> str:
    """The element or attribute name without its namespace prefix (``ns:Name`` -> ``Name``)."""
    return name.rpartition(":")[2]


class _LocalNames(dict[str, str]):
    """Element names without their prefix, each worked out once per document."""

    def __missing__(self, name: str) -> str:
        local = self[name] = local_name(name)
        return local


class _EventReader:
    """Feeds bytes to one expat parser and collects the events it produces."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.builder = TreeBuilder()
        self.pending: list[Event] = []
        self.open: list[Element] = []
        self.names = _LocalNames()
        self.items: frozenset[str] = frozenset()
        self.counted: frozenset[str] = frozenset()
        self.count = 0
        self.most = 0
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
        element = self.builder.start(self.names[name], attributes)
        self.open.append(element)
        self.pending.append(("start", element))

    def _end(self, name: str) -> None:
        element = self.builder.end(self.names[name])
        self.open.pop()
        if element.tag in self.items:
            if self.open:
                del self.open[-1][-1]  # the element just ended is its parent's last child
            if element.tag in self.counted:
                self.count += 1
                if self.count > self.most:
                    line = self.parser.CurrentLineNumber
                    raise too_many_cases(self.source, self.most, f" (line {line})")
        self.pending.append(("end", element))

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


class XmlEvents:
    """The start and end events of one document, refusing DTDs, entities and bad XML."""

    def __init__(self, data: bytes, source: str) -> None:
        self._data = data
        self._reader = _EventReader(source)

    def take_items(self, items: frozenset[str], cases: frozenset[str], most: int) -> None:
        """Hand over elements tagged ``items`` one by one; refuse more than ``most`` ``cases``.

        From then on each such element leaves its parent as it ends: the caller reads it
        from its end event and the tree does not keep it. The ``cases`` among them are
        counted, and the parse stops with a ReportError at the first one over ``most``.
        """
        self._reader.items = items
        self._reader.counted = cases
        self._reader.most = most

    def __iter__(self) -> Iterator[Event]:
        reader, data = self._reader, self._data
        for offset in range(0, len(data), CHUNK_BYTES):
            yield from reader.feed(data[offset : offset + CHUNK_BYTES], final=False)
        yield from reader.feed(b"", final=True)
