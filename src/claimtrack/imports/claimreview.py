"""Read ClaimReview JSON-LD as fact-checkers publish it, into claims with their reviews.

Accepted: one ClaimReview object, an array of them, a document with an ``@graph``, or a
schema.org ``DataFeed`` whose ``dataFeedElement`` items hold them; plain or gzip. Each
review becomes a claim (``claimReviewed`` its statement, ``itemReviewed.author`` its
claimant, ``itemReviewed.datePublished`` when it was made) with a review (the rating
mapped to a status, the reviewer, the date, the review's URL and the places the claim
appeared as evidence). A bad item is reported with its position and skipped.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterator
from typing import Any

import attrs

from claimtrack.dates import PartialDate
from claimtrack.errors import UsageError
from claimtrack.model import Status

__all__ = ["TERMS", "Imported", "Item", "ItemProblem", "load", "read_items", "status_of"]

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


@attrs.frozen
class Imported:
    """The items read, and the ones skipped with why."""

    items: tuple[Item, ...]
    problems: tuple[ItemProblem, ...]


LIMIT = 1024 * 1024 * 1024
"""Largest feed read, after decompression: a bigger one is refused, not loaded."""


def _gunzip(data: bytes, where: str) -> bytes:
    out: list[bytes] = []
    size = 0
    while data:
        unpack = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            while data:
                chunk = unpack.decompress(data, 1 << 20)
                size += len(chunk)
                if size > LIMIT:
                    raise UsageError(f"{where}: more than {LIMIT >> 20} MiB once unpacked; "
                                     "split the feed")
                out.append(chunk)
                data = unpack.unconsumed_tail
                if unpack.eof:
                    break
        except zlib.error as error:
            raise UsageError(f"{where}: a damaged gzip file ({error})") from None
        if not unpack.eof:
            raise UsageError(f"{where}: a damaged gzip file (it ends too soon)")
        data = unpack.unused_data  # a concatenated member follows
    return b"".join(out)


def load(data: bytes, *, where: str) -> Any:
    """The JSON value of ``data`` (gzip or plain); a UsageError when it is none."""
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, where)
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise UsageError(f"{where}: not UTF-8 text (byte {error.start}); expected "
                         "ClaimReview JSON-LD") from None
    except json.JSONDecodeError as error:
        raise UsageError(f"{where}: not JSON ({error.msg} at line {error.lineno}, column "
                         f"{error.colno}); expected ClaimReview JSON-LD") from None


def read_items(value: Any) -> Imported:
    """Every ClaimReview in a JSON-LD value, and every item that is not one."""
    items: list[Item] = []
    problems: list[ItemProblem] = []
    found = list(_reviews(value, ""))
    if not found:
        raise UsageError("no ClaimReview found: expected a ClaimReview object, an array of "
                         "them, an @graph, or a schema.org DataFeed")
    for position, node in found:
        try:
            items.append(_item(position, node))
        except _Bad as bad:
            problems.append(ItemProblem(position, str(bad)))
    return Imported(tuple(items), tuple(problems))


def _types(node: dict[str, Any]) -> set[str]:
    found = node.get("@type")
    names = found if isinstance(found, list) else [found]
    return {str(n).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for n in names if n}


def _reviews(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """(position, node) of every node meant as a ClaimReview, however it is packed."""
    if isinstance(value, list):
        for number, item in enumerate(value):
            yield from _reviews(item, f"{path}[{number}]")
        return
    if not isinstance(value, dict):
        yield (path or "[0]"), value  # not an object: reported as a bad item
        return
    types = _types(value)
    if "@graph" in value:
        yield from _reviews(value["@graph"], f"{path}@graph")
    elif "DataFeed" in types:
        yield from _reviews(value.get("dataFeedElement", []), f"{path}dataFeedElement")
    elif "DataFeedItem" in types:
        yield from _reviews(value.get("item", []), f"{path}.item")
    else:
        yield (path or "[0]"), value


def _json_type(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", list: "an array",
             dict: "an object", str: "a text"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


class _Bad(Exception):
    """An item that cannot be imported; its message says why."""


def _text(node: dict[str, Any], key: str, what: str) -> str:
    value = node.get(key)
    if value is not None and not isinstance(value, str):
        raise _Bad(f"`{key}` ({what}) must be a text, got {_json_type(value)}")
    if not isinstance(value, str) or not value.strip():
        raise _Bad(f"{what} is missing (`{key}`, a text)")
    return " ".join(value.split())


def _name(value: Any) -> tuple[str, str] | None:
    """(name, kind) of a schema.org Person or Organization (or a plain name)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str) and value.strip():
        return " ".join(value.split()), "organization"
    if isinstance(value, dict) and isinstance(value.get("name"), str) and value["name"].strip():
        kind = "person" if "Person" in _types(value) else "organization"
        return " ".join(value["name"].split()), kind
    return None


def _date(value: Any, what: str) -> PartialDate | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise _Bad(f"{what} must be a date text (YYYY-MM-DD), got {_json_type(value)}")
    try:
        return PartialDate.parse(value.strip()[:10])
    except ValueError as error:
        raise _Bad(f"{what}: {error}") from None


def status_of(rating: Any) -> tuple[Status, str]:
    """The status a schema.org Rating means, and its name as given; raise _Bad if none."""
    if not isinstance(rating, dict):
        raise _Bad("reviewRating is missing (a schema.org Rating)")
    name = rating.get("alternateName") or rating.get("name") or ""
    if isinstance(name, str) and name.strip().casefold() in _BY_NAME:
        return _BY_NAME[name.strip().casefold()], name.strip()
    value, best, worst = (rating.get(k) for k in ("ratingValue", "bestRating", "worstRating"))
    number, top, bottom = _number(value), _number(best, 5.0), _number(worst, 1.0)
    if number is not None and top is not None and bottom is not None and top > bottom \
            and bottom <= number <= top:
        scaled = round(1 + 4 * (number - bottom) / (top - bottom))
        return _BY_VALUE[scaled], str(name or value)
    known = sorted({n.title() for n in _BY_NAME})
    raise _Bad(f"unknown rating {name or value!r}: expected an alternateName such as "
               f"{', '.join(known[:8])} …, or a ratingValue between worstRating and "
               "bestRating")


def _number(value: Any, default: float | None = None) -> float | None:
    """A rating figure (a number, or a text holding one); ``default`` when absent."""
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _item(position: str, node: Any) -> Item:
    if not isinstance(node, dict):
        raise _Bad(f"expected a ClaimReview object, got {_json_type(node)}")
    types = _types(node)
    if "ClaimReview" not in types:
        raise _Bad(f"expected @type ClaimReview, got {', '.join(sorted(types)) or 'none'}")
    statement = _text(node, "claimReviewed", "the claim reviewed")
    reviewed = node.get("itemReviewed")
    if not isinstance(reviewed, dict):
        reviewed = {}
    author = _name(reviewed.get("author"))
    if author is None:
        raise _Bad("itemReviewed.author is missing: claimtrack records who made a claim, "
                   "and will not invent one")
    status, rating = status_of(node.get("reviewRating"))
    reviewer = _name(node.get("author"))
    appearance = reviewed.get("appearance")
    places = [reviewed.get("firstAppearance"),
              *(appearance if isinstance(appearance, list) else [appearance])]
    urls = [p.get("url") if isinstance(p, dict) else p for p in places]
    url = node.get("url")
    inferred = _name(_term(reviewed, "inferredClaimant"))
    basis = _term(reviewed, "basis")
    if inferred is not None and not (isinstance(basis, str) and basis.strip()):
        raise _Bad("claimtrack:inferredClaimant needs claimtrack:basis, the reason it is "
                   "inferred")
    return Item(
        position=position, statement=statement, author=author[0], author_kind=author[1],
        made=_date(reviewed.get("datePublished"), "itemReviewed.datePublished"),
        status=status, rating=rating, reviewer=reviewer[0] if reviewer else "",
        reviewed=_date(node.get("datePublished"), "datePublished"),
        url=url if isinstance(url, str) else "",
        body=" ".join(str(node.get("reviewBody") or "").split()),
        appearances=tuple(dict.fromkeys(u for u in urls if isinstance(u, str) and u)),
        inferred=inferred[0] if inferred else "",
        inferred_kind=inferred[1] if inferred else "organization",
        basis=" ".join(basis.split()) if inferred and isinstance(basis, str) else "")


TERMS = "urn:claimtrack:"
"""The IRI prefix of claimtrack's own terms (``claimtrack:basis``) in ClaimReview output."""


def _term(node: dict[str, Any], name: str) -> Any:
    """claimtrack's own term ``name`` of a node, compact (``claimtrack:name``) or full."""
    return node.get(f"claimtrack:{name}", node.get(f"{TERMS}{name}"))
