"""What a sentence asks the retriever for: social-media text made into searchable words.

A post that repeats a claim wraps it in things no fact-check's words hold: links
(``https://t.co/x1Yz``), handles (``@CityHallNews``), hashtags written in one word
(``#FloodRelief2024``), the byline a quoted post ends with (``— Mayor Ana Ruiz (@AnaRuiz)
March 3, 2024``), "RT", HTML entities, numbers written ``1,200`` or ``12k``. ``normalise``
keeps the words: a handle or hashtag split at its case changes and digits, the words of a
link's path (a slug often says what the page is about; a shortener's code says nothing),
the name of a byline without its date, numbers in one form.
"""

from __future__ import annotations

import html
import itertools
import re
from urllib.parse import unquote, urlsplit

__all__ = ["normalise", "split_compound"]

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+|\bpic\.twitter\.com/\S+", re.IGNORECASE)
_SHORTENERS = frozenset([
    "t.co", "bit.ly", "ow.ly", "buff.ly", "tinyurl.com", "goo.gl", "dlvr.it", "ift.tt",
    "fb.me", "trib.al", "youtu.be", "lnkd.in", "is.gd", "wp.me", "j.mp", "amzn.to"])
"""Link shorteners: their codes say nothing of the page."""
_NOISE = frozenset([
    "www", "com", "org", "net", "html", "htm", "php", "aspx", "amp", "status", "statuses",
    "index", "article", "articles", "news", "story", "video", "photo", "photos", "watch",
    "post", "posts", "www2", "uk", "us", "co", "en"])
"""Words of a link's path that name the site's layout, not the page's subject."""
_SLUG_WORD = re.compile(r"[A-Za-z]{3,}")
_TAG = re.compile(r"(?<![\w&])[#@]([A-Za-z0-9_]+)")
_CASE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)"
                   r"|(?<=\d)(?=[A-Za-z])|_+")
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_BYLINE_DATE = re.compile(r"(\))\s*" + _MONTH + r"\.?\s+\d{1,2},?\s+\d{4}\s*$")
_RETWEET = re.compile(r"^\s*RT\b:?", re.IGNORECASE)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_SHORT_NUMBER = re.compile(r"\b(\d+(?:\.\d+)?)\s?([kKmM])\b")
_PERCENT = re.compile(r"(?<=\d)\s?%")


def split_compound(word: str) -> str:
    """A handle or hashtag's words: ``FloodRelief2024`` → ``Flood Relief 2024``."""
    return " ".join(part for part in _CASE.split(word) if part)


def _link(match: re.Match[str]) -> str:
    """The words a link's path gives (none for a shortener's code)."""
    text = match.group()
    parts = urlsplit(text if "://" in text else f"https://{text}")
    host = parts.netloc.casefold().removeprefix("www.")
    if host in _SHORTENERS or host.startswith("pic.twitter"):
        return " "
    words = [w for w in _SLUG_WORD.findall(unquote(parts.path).replace("_", " "))
             if w.casefold() not in _NOISE and not _looks_coded(w)]
    return f" {' '.join(words)} "


def _looks_coded(word: str) -> bool:
    """A word of a link that is an id, not a word (``dQw4w9WgXcQ`` has case flips)."""
    flips = sum(1 for a, b in itertools.pairwise(word) if a.islower() and b.isupper())
    return flips >= 2


def _number(match: re.Match[str]) -> str:
    value = float(match.group(1)) * (1000 if match.group(2) in "kK" else 1_000_000)
    return f"{value:.0f}"


def normalise(text: str) -> str:
    """``text`` as words a fact-check's may share (see the module's docstring)."""
    text = html.unescape(text)
    text = _RETWEET.sub(" ", text)
    text = _URL.sub(_link, text)
    text = _BYLINE_DATE.sub(r"\1", text.rstrip())
    text = _TAG.sub(lambda m: f" {split_compound(m.group(1))} ", text)
    text = _THOUSANDS.sub("", text)
    text = _SHORT_NUMBER.sub(_number, text)
    text = _PERCENT.sub(" percent", text)
    return " ".join(text.split())
