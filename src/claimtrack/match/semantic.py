"""The semantic signal: the folder's claims embedded once, a sentence embedded on demand.

``Semantic.of(index)`` loads the encoder once per process (``None`` without the model:
matching then works by words alone, and says so once on stderr), embeds the live claims
whose statements have no vector yet — with a progress bar when there are many — and keeps
them in the index (``claimtrack.index.embed``).
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from claimtrack.index import embed, fts

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from claimtrack.index import Index
    from claimtrack.match.encoder import Encoder

__all__ = ["PROGRESS_FROM", "Semantic"]

PROGRESS_FROM = 200
"""Texts to embed from which a progress bar is shown (fewer take a few seconds)."""

_STORE_EVERY = 512
"""Vectors kept per transaction while a folder is embedded: an interrupted run keeps them."""


class _Loaded:
    """The one encoder of the process, or why there is none (said once)."""

    encoder: Encoder | None = None
    reason: str | None = None
    said = False


def _encoder(index: Index) -> Encoder | None:
    if _Loaded.encoder is None and _Loaded.reason is None:
        from claimtrack.index.store import cache_dir
        from claimtrack.match.encoder import ModelUnavailableError, load

        try:
            _Loaded.encoder = load(cache_dir())
        except ModelUnavailableError as error:
            _Loaded.reason = str(error)
    if _Loaded.encoder is None and not _Loaded.said:
        _Loaded.said = True
        print(f"claimtrack: matching by words only: {_Loaded.reason}", file=sys.stderr)
    return _Loaded.encoder


class Semantic:
    """Sentence embeddings of the folder's claims and of the sentences held against them."""

    def __init__(self, index: Index, encoder: Encoder) -> None:
        self._index, self.encoder = index, encoder
        self.embedded = 0
        """How many texts were embedded when the folder was brought up to date."""

    @classmethod
    def of(cls, index: Index, *, quiet: bool = False) -> Semantic | None:
        """The folder's claims embedded (the missing ones now); None without the model."""
        encoder = _encoder(index)
        if encoder is None:
            return None
        found = cls(index, encoder)
        found.embedded = found.embed_folder(quiet=quiet)
        return found

    def embed_folder(self, *, quiet: bool = False) -> int:
        """Embed the live claims that have no vector yet; how many texts were embedded."""
        db = self._index.db
        done = f"embeddings {self.encoder.name}"
        with db:
            if fts.current(db, done):
                return 0  # nothing changed since every claim was embedded
            embed.sync(db)
            todo = embed.pending(db, self.encoder.name)
            if not todo:
                fts.mark(db, done)
                return 0
        bar = _Progress(len(todo)) if len(todo) >= PROGRESS_FROM and not quiet else None
        parts = [todo[start:start + _STORE_EVERY]
                 for start in range(0, len(todo), _STORE_EVERY)]
        with _workers(self.encoder, len(todo)) as pool:
            for part, found in zip(parts, pool(_encode, [[t for _, t in p] for p in parts]),
                                   strict=True):
                with db:
                    embed.store(db, self.encoder.name, zip((k for k, _ in part), found,
                                                           strict=True))
                if bar is not None:
                    bar.advance(len(part))
        if bar is not None:
            bar.close()
        with db:
            fts.mark(db, done)
        return len(todo)

    def vectors(self, rids: Sequence[int]) -> dict[int, NDArray[np.float32]]:
        """The unit vectors of the claims ``rids`` (those embedded)."""
        import numpy as np

        return {rid: np.frombuffer(data, dtype=np.float32)
                for rid, data in embed.vectors(self._index.db, self.encoder.name,
                                               rids).items()}

    def sentence(self, text: str) -> NDArray[np.float32]:
        """The unit vector of one sentence."""
        vector: NDArray[np.float32] = self.encoder.encode([text])[0]
        return vector

    def sentences(self, texts: Sequence[str]) -> Any:
        """The unit vectors of several sentences, one row each."""
        return self.encoder.encode(texts)


_WORKERS_FROM = 1024
"""Texts from which a folder is embedded by one process per core (each with one BLAS
thread: processes do not wait on each other the way BLAS threads do on a busy machine)."""

_worker_encoder: Encoder | None = None


def _encode(texts: list[str]) -> list[bytes]:
    """The vectors of ``texts`` as float32 bytes (in a worker, or in this process)."""
    assert _worker_encoder is not None
    return [row.tobytes() for row in _worker_encoder.encode(texts)]


@contextlib.contextmanager
def _workers(encoder: Encoder, count: int) -> Iterator[Callable[..., Iterable[list[bytes]]]]:
    """A ``map`` that runs in worker processes forked with the loaded encoder when there
    are many texts and more than one core (in order); the plain ``map`` otherwise."""
    global _worker_encoder
    _worker_encoder = encoder
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if count < _WORKERS_FROM or cores < 2 or "fork" not in mp.get_all_start_methods():
        yield map
        return
    with ProcessPoolExecutor(max_workers=min(cores, 4),
                             mp_context=mp.get_context("fork")) as pool:
        yield pool.map


class _Progress:
    """A one-line progress bar on stderr (a line every tenth when stderr is no terminal)."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.start = time.monotonic()
        self.tty = sys.stderr.isatty()
        self._shown = -1
        print(f"claimtrack: embedding {total:,} claim texts for matching (once; kept in the "
              "index)", file=sys.stderr)

    def advance(self, count: int) -> None:
        """Count ``count`` more texts embedded."""
        self.done += count
        tenth = 10 * self.done // self.total
        if self.tty:
            filled = 30 * self.done // self.total
            elapsed = time.monotonic() - self.start
            left = elapsed / self.done * (self.total - self.done)
            print(f"\r  [{'#' * filled}{'.' * (30 - filled)}] {self.done:,}/{self.total:,} "
                  f"{left:4.0f} s left", end="", file=sys.stderr, flush=True)
        elif tenth != self._shown:
            self._shown = tenth
            print(f"  {self.done:,}/{self.total:,}", file=sys.stderr, flush=True)

    def close(self) -> None:
        """End the bar's line."""
        if self.tty:
            print(file=sys.stderr)
