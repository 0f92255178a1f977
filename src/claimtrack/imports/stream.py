"""Read a JSON feed as a stream of its items, in bounded memory, whatever it holds.

A feed of hundreds of thousands of fact-checks is never held whole: bytes are unpacked
(gzip, any number of members) and decoded chunk by chunk, and the items of the top-level
array, of a top-level object's ``@graph`` or ``dataFeedElement`` array, are parsed one at
a time by the standard library's C parser. What a hostile feed may hold is answered here,
not by a crash further on:

- a value nested deeper than the parser goes (hundreds of thousands of ``[``) becomes a
  ``TooDeep`` item, reported and skipped, and reading goes on after it;
- an object with a key written twice with different values (JSON does not say which
  counts) becomes ``Duplicated``, naming the key, and so does every object holding it;
- integers of thousands of digits stay ``BigNumber`` (Python refuses to convert them);
  ``NaN``, ``Infinity`` and overflowing numbers are read as floats, for the caller to judge;
- bytes that are not UTF-8, text that is not JSON, a damaged gzip file, or more than
  ``LIMIT`` bytes once unpacked (a decompression bomb) make the feed unreadable: a
  ``UsageError`` naming where, raised before anything is written.
"""

from __future__ import annotations

import codecs
import json
import re
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

import attrs

from claimtrack.errors import UsageError

__all__ = ["CHUNK", "ITEM_LIMIT", "LIMIT", "STREAMED", "BigNumber", "Duplicated", "TooDeep",
           "items"]

LIMIT = 4 << 30
"""Largest feed read, in bytes of JSON text once unpacked: a bigger one is refused. Read
when a feed is opened (tests lower it)."""

ITEM_LIMIT = 64 << 20
"""Largest single value of a feed: a ClaimReview is a few kilobytes, and one value is
held whole while it is parsed."""

CHUNK = 1 << 20
"""Bytes read, and characters parsed ahead, at a time."""

STREAMED = ("@graph", "dataFeedElement")
"""Keys of a top-level object whose array is read item by item."""

_DIGITS = 100
"""Integers longer than this stay text (``BigNumber``): no rating or date needs more."""


@attrs.frozen
class BigNumber:
    """An integer too long to be a number anything here uses, kept as its digits."""

    digits: str


@attrs.frozen
class TooDeep:
    """A value nested deeper than a feed item can be, in place of the value."""

    characters: int
    """How long the value is."""


def _integer(text: str) -> int | BigNumber:
    return int(text) if len(text) <= _DIGITS else BigNumber(text)


@attrs.frozen
class Duplicated:
    """An object with a key written twice with different values, in place of the object:
    which value was meant is unknown. ``key`` is its path from the item (``a.b[2].c``)."""

    key: str


def _inner(value: Any) -> Duplicated | None:
    """The Duplicated a value is or holds (in an array, one level down)."""
    if isinstance(value, Duplicated):
        return value
    if isinstance(value, list):
        for number, item in enumerate(value):
            if isinstance(item, Duplicated):
                return Duplicated(f"[{number}].{item.key}")
    return None


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any] | Duplicated:
    """An object from its pairs; Duplicated for one with a key written twice differently."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        inner = _inner(value)
        if inner is not None:
            joint = "" if inner.key.startswith("[") else "."
            return Duplicated(f"{key}{joint}{inner.key}")
        if key in found and found[key] != value:
            return Duplicated(key)
        found[key] = value
    return found


_DECODER = json.JSONDecoder(parse_int=_integer,  # NaN and Infinity parse as floats
                            object_pairs_hook=_pairs)
_SPACE = re.compile(r"[ \t\n\r]*")
_STRUCTURE = re.compile(r'["\[\]{}]')
_STRING_REST = re.compile(r'(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r'[^\s,\]}\[{":]+')


def _what(head: bytes) -> str:
    """What the first bytes of a feed that is not UTF-8 say it is ('' when they do not)."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32 text"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text"
    if head.startswith(b"\x1f\x8b"):
        return "a gzip file inside the gzip file"
    if b"\x00" in head[:4]:
        return "UTF-16 text" if head[:4].count(b"\x00") < 3 else "UTF-32 text"
    return ""


class _Unpacked:
    """The feed's bytes, gunzipped when they are gzip, decoded to text chunk by chunk."""

    def __init__(self, raw: BinaryIO, where: str) -> None:
        self._raw, self._where = raw, where
        self._limit = LIMIT
        head = raw.read(2)
        self._pending = head
        self._gzip = head == b"\x1f\x8b"
        self._unpack: Any = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS) if self._gzip \
            else None
        self._text = codecs.getincrementaldecoder("utf-8")()
        self._bytes = 0
        self._first = True
        self._head = b""
        self.done = False

    def read(self) -> str:
        """The next piece of text ('' only at the end)."""
        while not self.done:
            data = self._next_bytes()
            try:
                text = self._text.decode(data, final=self.done)
            except UnicodeDecodeError as error:
                where = self._bytes - len(data) + error.start
                found = _what(self._head or data[:4])
                raise UsageError(f"{self._where}: {found or 'not UTF-8 text'} (byte {where}); "
                                 "expected ClaimReview JSON-LD in UTF-8"
                                 + (", plain or gzip" if found.startswith("a gzip") else
                                    f" (convert it: iconv -f {found.split()[0]} -t UTF-8)"
                                    if found else "")) from None
            if not self._head:
                self._head = data[:4]
            if self._first and text:
                text, self._first = text.removeprefix("\ufeff"), False
                if "\x00" in text[:4]:  # JSON holds no NUL: UTF-16 or UTF-32 without a BOM
                    found = _what(self._head)
                    raise UsageError(f"{self._where}: {found} (byte 0); expected ClaimReview "
                                     f"JSON-LD in UTF-8 (convert it: iconv -f "
                                     f"{found.split()[0]} -t UTF-8)")
            if text:
                return text
        return ""

    def _next_bytes(self) -> bytes:
        data = self._gunzip() if self._gzip else self._plain()
        self._bytes += len(data)
        if self._bytes > self._limit:
            raise UsageError(f"{self._where}: more than {self._limit >> 20} MiB once "
                             "unpacked; split the feed")
        return data

    def _plain(self) -> bytes:
        data, self._pending = self._pending + self._raw.read(CHUNK), b""
        self.done = not data
        return data

    def _gunzip(self) -> bytes:
        """The next unpacked bytes, at most ``CHUNK`` at a time whatever the ratio; when a
        member ends the next one follows (concatenated members are one file)."""
        while True:
            unpack = self._unpack
            source = unpack.unconsumed_tail
            if not source:
                source, self._pending = self._pending or self._raw.read(CHUNK), b""
            if not source:
                if self._fed and not unpack.eof:
                    raise UsageError(f"{self._where}: a damaged gzip file (it ends too "
                                     "soon)")
                self.done = True
                return b""
            self._fed = True
            try:
                out: bytes = unpack.decompress(source, CHUNK)
            except zlib.error as error:
                raise UsageError(f"{self._where}: a damaged gzip file ({error})") from None
            if unpack.eof:
                rest = unpack.unused_data
                if not b"\x1f\x8b".startswith(rest[:2]):
                    raise UsageError(f"{self._where}: a damaged gzip file (bytes after its "
                                     "end that start no other member)")
                self._unpack = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
                self._pending, self._fed = rest, False
            if out:
                return out

    _fed = False
    """Whether the member being unpacked has been given bytes (one that has not is no
    member: the file ended after the last)."""


class _Reader:
    """A window on the feed's text, parsed value by value."""

    def __init__(self, source: _Unpacked, where: str) -> None:
        self._source, self._where = source, where
        self.buf = ""
        self.pos = 0
        self._lines = 0  # lines in the text dropped from the window
        self._eof = False

    def _fill(self, ahead: int = CHUNK) -> bool:
        """Read until ``ahead`` characters follow ``pos`` (or the end); False at the end."""
        if self.pos > CHUNK:  # drop what is parsed, counting its lines for messages
            self._lines += self.buf.count("\n", 0, self.pos)
            self.buf, self.pos = self.buf[self.pos:], 0
        grew = False
        while len(self.buf) - self.pos < ahead and not self._eof:
            text = self._source.read()
            if not text:
                self._eof = True
                break
            self.buf += text
            grew = True
        return grew

    def peek(self) -> str:
        """The next character that is not white space ('' at the end)."""
        while True:
            self.pos = _SPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def take(self, char: str, expected: str) -> None:
        """Step over ``char``, which must come next."""
        if self.peek() != char:
            self.fail(f"Expecting {expected}")
        self.pos += 1

    def fail(self, message: str, at: int | None = None) -> None:
        """Refuse the feed: it is not JSON (``message`` at ``at``, default ``pos``)."""
        at = self.pos if at is None else at
        line = self._lines + self.buf.count("\n", 0, at) + 1
        column = at - (self.buf.rfind("\n", 0, at) + 1) + 1
        if not self.buf.strip() and self._lines == 0:
            message = "it is empty"
        raise UsageError(f"{self._where}: not JSON ({message} at line {line}, column "
                         f"{column}); expected ClaimReview JSON-LD")

    def value(self) -> Any:
        """The next value (a ``TooDeep`` in place of one nested too deep)."""
        if self.peek() == "":
            self.fail("Expecting value")
        if len(self.buf) - self.pos < CHUNK:
            self._fill()
        try:
            found, end = _DECODER.raw_decode(self.buf, self.pos)
        except RecursionError:
            end = self._extent()
            found = TooDeep(end - self.pos)
        except json.JSONDecodeError as error:
            end = self._extent()  # more text may complete it; else the error stands
            try:
                found, end = _DECODER.raw_decode(self.buf, self.pos)
            except RecursionError:
                found = TooDeep(end - self.pos)
            except json.JSONDecodeError as again:
                self.fail(again.msg, again.pos if again.pos < len(self.buf) else error.pos)
        self.pos = end
        return found

    def _extent(self) -> int:
        """Where the value at ``pos`` ends, reading on as needed: brackets and strings are
        followed without recursion, so any depth is measured (up to ``ITEM_LIMIT``)."""
        scan, depth = self.pos, 0
        while True:
            if scan - self.pos > ITEM_LIMIT:
                raise UsageError(f"{self._where}: a value larger than {ITEM_LIMIT >> 20} MiB "
                                 "(a ClaimReview is a few kilobytes)")
            if depth == 0 and scan == self.pos and self.buf[scan] not in '[{"':
                match = _SCALAR.match(self.buf, scan)
                if match and (match.end() < len(self.buf) or self._eof):
                    return match.end()
            else:
                found = _STRUCTURE.search(self.buf, scan)
                if found is not None:
                    char = found.group()
                    if char == '"':
                        rest = _STRING_REST.match(self.buf, found.end())
                        if rest is not None:
                            scan = rest.end()
                            if depth == 0:
                                return scan
                            continue
                        scan = found.start()  # the string goes on past the window
                    else:
                        depth += 1 if char in "[{" else -1
                        scan = found.end()
                        if depth <= 0:
                            return scan
                        continue
                else:
                    scan = len(self.buf)
            offset = self.pos
            if not self._fill(len(self.buf) - self.pos + CHUNK):
                return len(self.buf)  # it never ends: the parser says how
            scan -= offset - self.pos  # the window may have moved

    def string(self) -> str:
        """The next value, which must be a text (an object's key)."""
        at = self.peek() and self.pos
        found = self.value()
        if not isinstance(found, str):
            self.fail("Expecting property name enclosed in double quotes", at or self.pos)
        return str(found)

    def end(self) -> None:
        """Nothing but white space may follow the feed."""
        if self.peek() != "":
            self.fail("Extra data")


def items(raw: BinaryIO, *, where: str) -> Iterator[tuple[str, Any]]:
    """(position, value) of each item of the feed ``raw`` (plain or gzip), read as a
    stream: the top-level array's items (``[3]``), the items of a top-level object's
    ``@graph`` or ``dataFeedElement`` array (``@graph[3]``), else the one top-level value
    (``[0]``, with the streamed arrays left out of it)."""
    reader = _Reader(_Unpacked(raw, where), where)
    first = reader.peek()
    if first == "[":
        yield from _array(reader, "")
    elif first == "{":
        yield from _object(reader)
    else:
        yield "[0]", reader.value()
    reader.end()


def _array(reader: _Reader, path: str) -> Iterator[tuple[str, Any]]:
    reader.take("[", "'['")
    if reader.peek() == "]":
        reader.pos += 1
        return
    number = 0
    while True:
        yield f"{path}[{number}]", reader.value()
        number += 1
        if reader.peek() == "]":
            reader.pos += 1
            return
        reader.take(",", "',' delimiter")


def _object(reader: _Reader) -> Iterator[tuple[str, Any]]:
    reader.take("{", "'{'")
    rest: dict[str, Any] = {}
    doubled: Duplicated | None = None
    streamed = False
    if reader.peek() == "}":
        reader.pos += 1
    else:
        while True:
            key = reader.string()
            reader.take(":", "':' delimiter")
            if key in STREAMED and reader.peek() == "[":
                streamed = True
                yield from _array(reader, key)
            else:
                value = reader.value()
                if key in rest and rest[key] != value and doubled is None:
                    doubled = Duplicated(key)
                rest[key] = value
            if reader.peek() == "}":
                reader.pos += 1
                break
            reader.take(",", "',' delimiter")
    if not streamed:
        yield "[0]", doubled or _pairs(list(rest.items()))
