"""Read ClaimReview JSON-LD as fact-checkers publish it, into claims with their reviews.

Accepted: one ClaimReview object, an array of them, a document with an ``@graph``, or a
schema.org ``DataFeed`` whose ``dataFeedElement`` items hold them; plain or gzip, read as a
stream (``claimtrack.imports.stream``). Each review becomes a claim (``claimReviewed`` its
statement, ``itemReviewed.author`` its claimant — or an unnamed claimant when the
fact-check names none —, ``itemReviewed.datePublished`` when it was made) with a review
(the rating mapped to a status, the reviewer, the date — unknown when not given —, the
review's URL, its headline and text, and the places the claim appeared as evidence).

Nothing is invented and nothing unsafe is kept: a bad item — a text that is not valid
Unicode, an address that is not http(s) (``javascript:``, ``data:`` …), a rating that is
no number on its scale, a value nested too deep — is reported with its position and
skipped; values the import does not use are not looked at.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from typing import Any, BinaryIO
from urllib.parse import urlsplit

import attrs

from claimtrack.dates import PartialDate
from claimtrack.errors import UsageError
from claimtrack.imports.stream import BigNumber, Duplicated, TooDeep, items
from claimtrack.model import Status
from claimtrack.words import blank

__all__ = ["TERMS", "Item", "ItemProblem", "item_of", "nodes", "read", "status_of"]

_BY_NAME: dict[str, Status] = {
    "unproven": Status.UNVERIFIED, "unverified": Status.UNVERIFIED,
    "unsupported": Status.UNVERIFIED,
    "disputed": Status.DISPUTED, "contested": Status.DISPUTED,
    "inconclusive": Status.INCONCLUSIVE, "mixed": Status.INCONCLUSIVE,
    "half true": Status.INCONCLUSIVE, "misleading": Status.DISPUTED,
    "mostly true": Status.CORROBORATED, "largely accurate": Status.CORROBORATED,
    "true": Status.CONFIRMED, "correct": Status.CONFIRMED, "accurate": Status.CONFIRMED,
    "false": Status.REFUTED, "incorrect": Status.REFUTED, "pants on fire": Status.REFUTED,
    "fake": Status.REFUTED, "mostly false": Status.REFUTED,
    "partly false": Status.INCONCLUSIVE, "partly true": Status.INCONCLUSIVE,
    "missing context": Status.DISPUTED, "needs context": Status.DISPUTED,
    "altered": Status.REFUTED, "fabricated": Status.REFUTED,
    "retracted": Status.RETRACTED,
    "opinion": Status.NOT_CHECKABLE, "satire": Status.NOT_CHECKABLE,
    "not checkable": Status.NOT_CHECKABLE, "not-checkable": Status.NOT_CHECKABLE,
}
"""``alternateName`` values (case-insensitive) and the status each means; DESIGN.md's own
names first, then names fact-checkers commonly publish."""

_BY_VALUE = {1: Status.REFUTED, 2: Status.REFUTED, 3: Status.INCONCLUSIVE,
             4: Status.CORROBORATED, 5: Status.CONFIRMED}
"""A rating on the 1 (worst) .. 5 (best) scale, when its name says nothing we know."""


@attrs.frozen
class Item:
    """One ClaimReview, as claimtrack will record it."""

    position: str
    """Where it stands in the input (``[3]``, ``@graph[3]``, ``dataFeedElement[0].item[2]``)."""
    statement: str
    author: str
    """'' when the fact-check names nobody: the claimant is unknown, and said to be."""
    author_kind: str
    """person or organization."""
    made: PartialDate | None
    status: Status
    rating: str
    reviewer: str
    reviewed: PartialDate | None
    url: str
    body: str
    appearances: tuple[str, ...]
    headline: str = ""
    inferred: str = ""
    """The claimant the publisher inferred (claimtrack's own term), when the author only
    relays the claim."""
    inferred_kind: str = "organization"
    basis: str = ""
    """Why that claimant is inferred."""


@attrs.frozen
class ItemProblem:
    """Why one item was skipped."""

    position: str
    message: str

    def __str__(self) -> str:
        return f"item {self.position}: {self.message}"


def read(raw: BinaryIO, *, where: str) -> Iterator[Item | ItemProblem]:
    """Every ClaimReview of the feed ``raw``, and every item that is not one, as read.

    Raise UsageError when the feed cannot be read, or holds no ClaimReview at all: at the
    end of the stream, before anything is written.
    """
    for place, node in nodes(raw, where=where):
        yield item_of(place, node)


def nodes(raw: BinaryIO, *, where: str) -> Iterator[tuple[str, Any]]:
    """(position, node) of every value of the feed meant as a ClaimReview, unconverted
    (reading them is how a feed is found readable). UsageError as for ``read``."""
    found = False
    for position, value in items(raw, where=where):
        for place, node in _reviews(value, position, 0):
            found = True
            yield place, node
    if not found:
        raise UsageError(f"{where}: no ClaimReview found: expected a ClaimReview object, an "
                         "array of them, an @graph, or a schema.org DataFeed")


def item_of(position: str, node: Any) -> Item | ItemProblem:
    """The ClaimReview ``node`` as claimtrack will record it, or why it cannot be."""
    try:
        return _item(position, node)
    except _Bad as bad:
        return ItemProblem(position, str(bad))


def _types(node: dict[str, Any]) -> set[str]:
    found = node.get("@type")
    names = found if isinstance(found, list) else [found]
    return {str(n).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for n in names if n}


_PACKING = 8
"""Levels of arrays, graphs and feed items a ClaimReview may be packed in."""


def _reviews(value: Any, path: str, depth: int) -> Iterator[tuple[str, Any]]:
    """(position, node) of every node meant as a ClaimReview, however it is packed."""
    if depth > _PACKING:
        yield path, TooDeep(0)  # reported as a bad item
        return
    if isinstance(value, list):
        for number, item in enumerate(value):
            yield from _reviews(item, f"{path}[{number}]", depth + 1)
        return
    if not isinstance(value, dict):
        yield (path or "[0]"), value  # not an object: reported as a bad item
        return
    types = _types(value)
    if "@graph" in value:
        yield from _reviews(value["@graph"], f"{path}@graph", depth + 1)
    elif "DataFeed" in types:
        yield from _reviews(value.get("dataFeedElement", []), f"{path}dataFeedElement",
                            depth + 1)
    elif "DataFeedItem" in types:
        yield from _reviews(value.get("item", []), f"{path}.item", depth + 1)
    else:
        yield (path or "[0]"), value


def _json_type(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", list: "an array",
             dict: "an object", str: "a text", BigNumber: "a number", TooDeep: "an array"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


class _Bad(Exception):
    """An item that cannot be imported; its message says why."""


def _unicode(text: str, what: str) -> str:
    """``text`` with its white space made single spaces; _Bad when it is not valid Unicode
    (a lone surrogate, which no file can hold)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise _Bad(f"{what} holds a lone surrogate (\\u{ord(text[error.start]):04x} at "
                   f"character {error.start + 1}): not valid Unicode text") from None
    return " ".join(text.split())


def _text(node: dict[str, Any], key: str, what: str) -> str:
    value = node.get(key)
    if value is not None and not isinstance(value, str):
        raise _Bad(f"`{key}` ({what}) must be a text, got {_json_type(value)}")
    if not isinstance(value, str) or blank(value):
        raise _Bad(f"{what} is missing (`{key}`, a text)")
    return _unicode(value, f"`{key}` ({what})")


def _optional_text(node: dict[str, Any], key: str, what: str) -> str:
    value = node.get(key)
    return _unicode(value, f"`{key}` ({what})") if isinstance(value, str) else ""


def _name(value: Any, what: str) -> tuple[str, str] | None:
    """(name, kind) of a schema.org Person or Organization (or a plain name)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str) and not blank(value):
        return _unicode(value, what), "organization"
    if isinstance(value, dict) and isinstance(value.get("name"), str) and not blank(value["name"]):
        kind = "person" if "Person" in _types(value) else "organization"
        return _unicode(value["name"], f"{what}.name"), kind
    return None


_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_INSIDE = re.compile(r"[\x00-\x20\x7f-\x9f\s]")
"""What no web address holds as written: spaces, line breaks, control characters."""
_WEB = ("http", "https")


def _url(value: Any, what: str) -> str:
    """A web address as given ('' for none); _Bad for any other scheme (``javascript:``,
    ``data:``, ``vbscript:`` …, however disguised): it would become a link in reports;
    and for an address no browser reads as written (no host, a bad port, a space or a
    control character inside)."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise _Bad(f"{what} must be a text (an http or https URL), got {_json_type(value)}")
    _unicode(value, what)  # a lone surrogate is said as such
    text: str = value.strip()  # white space around it is no part of it
    shown = repr(text[:40] + ("…" if len(text) > 40 else ""))
    # Browsers drop tabs, newlines and leading controls inside a URL before reading it.
    scheme = _CONTROL.sub("", value).partition(":")[0].casefold()
    if scheme not in _WEB or "://" not in text:
        raise _Bad(f"{what} {shown} is not a web address: only http and https URLs are "
                   "kept")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - reading it checks it (a port past 65535 raises)
    except ValueError as error:
        raise _Bad(f"{what} {shown} is not a web address: {error}") from None
    if _INSIDE.search(text) or not parts.hostname:
        why = "it names no host" if not parts.hostname else "it holds a space or a control "\
            "character (percent-encode it)"
        raise _Bad(f"{what} {shown} is not a web address: {why}")
    return text


_STAMP = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:[T ](\S+))?", re.ASCII)
"""A date, or a date and a time as ISO 8601 writes them (``2023-02-28T12:00:00Z``)."""


def _date(value: Any, what: str, *, day: bool = False) -> PartialDate | None:
    """The date a feed gives (a timestamp's day, as written: no zone arithmetic); _Bad
    for one that is no date, or, with ``day``, is not a full day."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _Bad(f"{what} must be a date text (YYYY-MM-DD), got {_json_type(value)}")
    text = _unicode(value, what).strip()
    shown = repr(_shown(text))
    match = _STAMP.fullmatch(text)
    try:
        if match is None:
            raise ValueError(f"{shown} is not a date: expected YYYY-MM-DD, or an ISO 8601 "
                             "timestamp (2023-09-24T10:30:00Z)")
        date = PartialDate.parse(match[1])
        if match[2] is not None:
            dt.datetime.fromisoformat(f"{match[1]}T{match[2]}")
    except ValueError as error:
        message = str(error) if match is None else f"{shown} is not a date: {error}"
        raise _Bad(f"{what}: {message[:200]}") from None
    if day and date.day is None:
        raise _Bad(f"{what} {shown} is not a day: a review is dated to the day "
                   "(YYYY-MM-DD)")
    return date


def status_of(rating: Any) -> tuple[Status, str]:
    """The status a schema.org Rating means, and its name as given; raise _Bad if none."""
    if not isinstance(rating, dict):
        raise _Bad("reviewRating is missing (a schema.org Rating)")
    name = rating.get("alternateName") or rating.get("name") or ""
    if isinstance(name, str):
        name = _unicode(name, "reviewRating.alternateName")
        if name.casefold() in _BY_NAME:
            return _BY_NAME[name.casefold()], name
    value, best, worst = (rating.get(k) for k in ("ratingValue", "bestRating", "worstRating"))
    number, top, bottom = _number(value), _number(best, 5.0), _number(worst, 1.0)
    if number is not None and top is not None and bottom is not None and top > bottom \
            and math.isfinite(top - bottom) and bottom <= number <= top:
        scaled = round(1 + 4 * ((number - bottom) / (top - bottom)))
        return _BY_VALUE[scaled], name or _shown(value)
    known = sorted({n.title() for n in _BY_NAME})
    raise _Bad(f"unknown rating {_shown(name or value)!r}: expected an alternateName such "
               f"as {', '.join(known[:8])} …, or a ratingValue between worstRating and "
               "bestRating")


def _shown(value: Any) -> str:
    """A value as a message may quote it: short, whatever it is."""
    text = value.digits if isinstance(value, BigNumber) else str(value)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= 40 else f"{text[:20]}…({len(text)} characters)"


def _number(value: Any, default: float | None = None) -> float | None:
    """A rating figure (a number, or a text holding one); ``default`` when absent."""
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None  # a BigNumber too: no scale has figures of thousands of digits
    try:
        number = float(value)
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _item(position: str, node: Any) -> Item:
    if isinstance(node, TooDeep):
        raise _Bad("nested deeper than claimtrack reads (a ClaimReview is a few levels "
                   "deep)")
    if isinstance(node, Duplicated):
        raise _Bad(f"the key '{_shown(node.key)}' is written twice with different values: "
                   "which one is meant is unknown")
    if not isinstance(node, dict):
        raise _Bad(f"expected a ClaimReview object, got {_json_type(node)}")
    types = _types(node)
    if "ClaimReview" not in types:
        shown = ", ".join(sorted(_shown(t) for t in types))
        raise _Bad(f"expected @type ClaimReview, got {shown or 'none'}")
    statement = _text(node, "claimReviewed", "the claim reviewed")
    reviewed = node.get("itemReviewed")
    if isinstance(reviewed, TooDeep) or isinstance(node.get("reviewRating"), TooDeep):
        raise _Bad("nested deeper than claimtrack reads (a ClaimReview is a few levels "
                   "deep)")
    if not isinstance(reviewed, dict):
        reviewed = {}
    author = _name(reviewed.get("author"), "itemReviewed.author")
    status, rating = status_of(node.get("reviewRating"))
    reviewer = _name(node.get("author"), "author")
    appearance = reviewed.get("appearance")
    places = [("itemReviewed.firstAppearance", reviewed.get("firstAppearance")),
              *((f"itemReviewed.appearance[{n}]", a) for n, a in enumerate(
                  appearance if isinstance(appearance, list) else [appearance]))]
    urls = [_url(p.get("url") if isinstance(p, dict) else p, what) for what, p in places
            if isinstance(p, dict | str)]
    inferred = _name(_term(reviewed, "inferredClaimant"), "claimtrack:inferredClaimant")
    basis = _term(reviewed, "basis")
    if inferred is not None and not (isinstance(basis, str) and basis.strip()):
        raise _Bad("claimtrack:inferredClaimant needs claimtrack:basis, the reason it is "
                   "inferred")
    return Item(
        position=position, statement=statement, author=author[0] if author else "",
        author_kind=author[1] if author else "unnamed",
        made=_date(reviewed.get("datePublished"), "itemReviewed.datePublished"),
        status=status, rating=rating, reviewer=reviewer[0] if reviewer else "",
        reviewed=_date(node.get("datePublished"), "datePublished", day=True),
        url=_url(node.get("url"), "url"),
        body=_optional_text(node, "reviewBody", "the review's text"),
        appearances=tuple(dict.fromkeys(u for u in urls if u)),
        headline=_optional_text(node, "headline", "the review's headline")
        or _optional_text(node, "name", "the review's name"),
        inferred=inferred[0] if inferred else "",
        inferred_kind=inferred[1] if inferred else "organization",
        basis=_unicode(basis, "claimtrack:basis") if inferred and isinstance(basis, str)
        else "")


TERMS = "urn:claimtrack:"
"""The IRI prefix of claimtrack's own terms (``claimtrack:basis``) in ClaimReview output."""


def _term(node: dict[str, Any], name: str) -> Any:
    """claimtrack's own term ``name`` of a node, compact (``claimtrack:name``) or full."""
    return node.get(f"claimtrack:{name}", node.get(f"{TERMS}{name}"))
