"""Content words and numbers of a span: what two claims must share to bear on each other."""

from __future__ import annotations

import re

__all__ = ["content_words", "numbers_in", "stem"]

_STOP = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "but", "that", "this", "these", "those", "was", "were", "is", "are", "be", "been", "being",
    "had", "has", "have", "do", "does", "did", "will", "would", "could", "should", "may",
    "might", "it", "its", "he", "she", "they", "his", "her", "their", "him", "them", "we", "our",
    "you", "i", "said", "says", "say", "told", "also", "than", "then", "as", "into", "about",
    "after", "before", "over", "under", "which", "who", "whom", "whose", "what", "when", "where",
    "while", "not", "no", "there", "here", "all", "any", "some", "such", "only", "other", "more",
    "most", "very", "can", "one",
})
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                 "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_DIGITS = re.compile(r"\b\d[\d,]*\b")
_NUMBER = re.compile(r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)


def stem(word: str) -> str:
    """A crude stem, the first five letters: 'arrested', 'arrests' and 'arrest' coincide, and
    so do 'investigators' and 'investigation'."""
    return word.casefold()[:5]


def content_words(text: str, *, names: bool = False) -> set[str]:
    """Stems of the words of ``text`` that carry content: no function words, digits or (unless
    ``names``) capitalised words, which are compared as actors."""
    return {stem(w) for w in _WORD.findall(text) if w.casefold() not in _STOP
            and not w.isdigit() and (names or not w[:1].isupper())}


def numbers_in(text: str) -> set[int]:
    """The whole numbers ``text`` states, in digits or as words up to twenty."""
    found = {int(n.replace(",", "")) for n in _DIGITS.findall(text)
             if len(n.replace(",", "")) < 7}
    found |= {_NUMBER_WORDS[w.casefold()] for w in _NUMBER.findall(text)}
    return found
