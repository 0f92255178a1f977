"""Text from the data made unable to act on a terminal or a reader: the one place it happens.

A terminal acts on C0 control characters (ESC starts a sequence that can clear the
screen, set the window title or fake output; CR and BS overwrite what was printed; BEL
rings), on DEL and on the C1 controls (U+009B is a one-character CSI). ``visible`` turns
each into a visible stand-in: the Unicode control pictures for C0 and DEL (``␛``, ``␇``,
``␍``), ``\\x9b`` for C1, and a byte that was not UTF-8 (an argument or a file name the
system handed over as a lone surrogate) as ``\\xff``. Tab and newline stay unless asked.

The scan is one regular-expression search, so text without such characters, the common
case, costs one pass in C and comes back as it was.
"""

from __future__ import annotations

import functools
import re

__all__ = ["ACTIVE", "brief", "json_text", "one_line", "visible"]

ACTIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""What a terminal may act on (C0 but tab and newline, DEL, C1), and lone surrogates."""

_ACTIVE_ALL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_ACTIVE_CSV = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_JSON = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")

LINE_BREAK = "\u21b5"
"""``↵``: how a line break inside a table cell is shown, so a row stays one line."""


def _picture(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # a byte that was not UTF-8 (surrogateescape)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


@functools.cache
def _active(keep: str) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(chr(c)) for c in [*range(0x20), *range(0x7F, 0xA0)]
                                    if chr(c) not in keep) + "\ud800-\udfff]")


def visible(text: str, *, keep: str = "\t\n") -> str:
    """``text`` with every character a terminal would act on shown as a visible stand-in;
    ``keep`` names what stays: tab and newline by default, ``"\\t\\r\\n"`` for csv (the
    csv writer quotes a cell holding CR or LF), ``""`` for a single line."""
    pattern = ACTIVE if keep == "\t\n" else _ACTIVE_CSV if keep == "\t\r\n" else _active(keep)
    if pattern.search(text) is None:
        return text
    return pattern.sub(_picture, text)


def one_line(text: str) -> str:
    """``text`` as one line of a table cell: line breaks as ``↵``, nothing active."""
    if _ACTIVE_ALL.search(text) is None:
        return text
    text = text.replace("\r\n", LINE_BREAK).replace("\n", LINE_BREAK)
    return visible(text, keep="\t").replace("\t", " ")


def json_text(text: str) -> str:
    """JSON text with DEL, C1 controls and lone surrogates written as ``\\u`` escapes, as
    every other control already is: the same values, nothing raw. (In JSON text these
    characters can only stand inside strings, so escaping them in place is exact.)"""
    if _JSON.search(text) is None:
        return text
    return _JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def brief(message: str, *, limit: int = 1000) -> str:
    """A message cut to about ``limit`` characters, its head and tail kept: a 10,000
    character id quoted in it says what it is about without filling the screen."""
    if len(message) <= limit:
        return message
    head, tail = limit * 2 // 3, limit // 3
    return (f"{message[:head]}… ({len(message) - head - tail:,} characters left out) …"
            f"{message[-tail:]}")
