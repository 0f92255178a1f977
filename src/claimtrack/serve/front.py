"""What arrives on the socket, checked before the WSGI application sees any of it.

Werkzeug's development server passes on much of what a client sends: an HTTP/0.9 line is
answered without a status line, HTTP/2 gets a 505, a TLS handshake waits thirty seconds
for a line end, a chunked body past the limit reaches the form parser cut to the limit
(and a cut note was written to a dossier), and a malformed line crashed the log. This
front answers every request no browser sends with a 4xx of its own, at once; reads a
request body whole, up to ``MAX_BODY``, before the application, so that a form is parsed
from all of what was sent or refused; and logs one inert line per request, without the
query (it may hold the access token) and without a traceback.
"""

from __future__ import annotations

import io
import os
import re
import select
import socket
import sys
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_to_bytes

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

from claimtrack.inert import brief, visible
from claimtrack.serve.security import MAX_BODY

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

__all__ = ["Front", "FrontServer"]

_TCHAR = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
"""A method is a token (RFC 9110): these characters only."""
_TARGET = re.compile(r"/[\x21-\x7e]*|https?://[\x21-\x7e]+", re.IGNORECASE)
"""A request target: a path (or an absolute http URL) of visible ASCII, nothing raw."""
_VERSION = re.compile(r"HTTP/1\.[0-9]")
_FIELD_VALUE_BAD = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
"""What a header's value may not hold (RFC 9110 5.5): a control character other than tab,
a line break (a folded line is refused, which the RFC allows) or NUL."""
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_DIGITS = re.compile(r"[0-9]+")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]+)[ \t]*(?:;[^\r\n]*)?\r?\n")
_MAX_LINE = 8192
"""Longest chunk-size or trailer line read."""
_DRAIN_BYTES = 16 * MAX_BODY
"""At most this much of what a refused client goes on sending is read and dropped, so it
sees the refusal rather than a reset connection."""


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Front(WSGIRequestHandler):
    """Werkzeug's request handler behind a strict reading of HTTP/1.x."""

    # A client that opens a connection and sends nothing gives up its thread after this
    # long, instead of holding it for ever.
    timeout = 30
    _body: bytes | None = None

    # -- the first bytes and the request line ----------------------------------------------

    def handle(self) -> None:
        """Refuse at once a connection whose first byte cannot begin a request line (a TLS
        or SSH handshake, binary): the client would otherwise wait for a line end."""
        self.command, self.path, self.request_version = "", "", "HTTP/1.1"
        try:
            first = self.connection.recv(1, socket.MSG_PEEK)
        except OSError:
            return
        if not first:
            return
        if not _TCHAR.fullmatch(first.decode("latin-1")):
            what = "a TLS handshake" if first == b"\x16" else "bytes that are not HTTP"
            self._refuse(400, f"this server speaks plain HTTP/1.1, and {what} came instead: "
                         "open the http:// address that `claimtrack serve` printed")
            return
        super().handle()

    def parse_request(self) -> bool:
        """The request line, headers and body, or a refusal sent (and False)."""
        self._body = None
        try:
            self._request_line()
        except _Refused as refused:
            self._refuse(refused.status, refused.message)
            return False
        if not super().parse_request():  # headers: its refusals come through send_error
            return False
        for name, value in self.headers.items():
            if not _TCHAR.fullmatch(name) or _FIELD_VALUE_BAD.search(value):
                self._refuse(400, "a header's name is not a word, or its value holds a "
                             "control character")
                return False
        try:
            self._body = self._read_body()
        except _Refused as refused:
            self._refuse(refused.status, refused.message)
            return False
        return True

    def _request_line(self) -> None:
        line = self.raw_requestline.decode("latin-1").rstrip("\r\n")
        words = line.split(" ")
        if len(words) != 3 or not _VERSION.fullmatch(words[2]):
            raise _Refused(400, "a request line is METHOD TARGET HTTP/1.1; this server "
                           "speaks HTTP/1.0 and HTTP/1.1 only")
        method, target, _ = words
        if not _TCHAR.fullmatch(method):
            raise _Refused(400, "the request method is not a word of letters")
        self.command = method
        if not _TARGET.fullmatch(target):
            raise _Refused(400, "the request target must be a path of visible ASCII "
                           "characters (percent-encode anything else)")
        self.path = target
        try:
            if _BAD_PERCENT.search(target):
                raise ValueError(target)
            unquote_to_bytes(target).decode("utf-8")
        except ValueError:
            raise _Refused(400, "the request target's percent-encoding is broken or does "
                           "not decode to UTF-8") from None

    # -- the body -----------------------------------------------------------------------------

    def _read_body(self) -> bytes | None:
        coding = self.headers.get_all("Transfer-Encoding") or []
        lengths = self.headers.get_all("Content-Length") or []
        if coding and lengths:
            raise _Refused(400, "a request has a Content-Length or a Transfer-Encoding, "
                           "not both")
        if coding:
            if [c.strip().lower() for c in coding] != ["chunked"]:
                raise _Refused(400, "the only transfer coding understood is chunked")
            self._continue()
            return self._chunked()
        if not lengths:
            return None
        values = {v.strip() for v in lengths}
        value = values.pop()
        if values or not _DIGITS.fullmatch(value):
            raise _Refused(400, "Content-Length must be one number of bytes")
        if len(value.lstrip("0")) > 18 or int(value) > MAX_BODY:
            raise _Refused(413, f"the body is larger than {MAX_BODY:,} bytes")
        size = int(value)
        self._continue()
        body = self.rfile.read(size)
        if len(body) < size:
            raise _Refused(400, "the body ended before its Content-Length")
        return body

    def handle_expect_100(self) -> bool:
        """Say nothing yet: "go on" is said once the size is known to be acceptable."""
        return True

    def _continue(self) -> None:
        """Say "go on" to a client waiting for it (once: Werkzeug would say it again)."""
        if self.headers.get("Expect", "").strip().lower() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        del self.headers["Expect"]

    def _chunked(self) -> bytes:
        body = io.BytesIO()
        while True:
            match = _CHUNK_SIZE.fullmatch(self.rfile.readline(_MAX_LINE))
            if match is None:
                raise _Refused(400, "a chunk of the body is malformed")
            digits = match.group(1).lstrip(b"0")
            size = int(digits, 16) if digits else 0
            if len(digits) > 8 or body.tell() + size > MAX_BODY:
                raise _Refused(413, f"the body is larger than {MAX_BODY:,} bytes")
            if size == 0:
                break
            data = self.rfile.read(size)
            if len(data) < size or self.rfile.readline(3) not in (b"\r\n", b"\n"):
                raise _Refused(400, "a chunk of the body ended early or is malformed")
            body.write(data)
        for _ in range(100):  # trailer fields, then an empty line
            line = self.rfile.readline(_MAX_LINE)
            if line in (b"\r\n", b"\n"):
                return body.getvalue()
            if not line.endswith(b"\n"):
                break
        raise _Refused(400, "the body's trailer is malformed")

    def make_environ(self) -> WSGIEnvironment:
        """Werkzeug's environ, reading the body already read, whole."""
        environ = super().make_environ()
        if self._body is not None:
            environ["wsgi.input"] = io.BytesIO(self._body)
            environ["CONTENT_LENGTH"] = str(len(self._body))
            environ.pop("HTTP_TRANSFER_ENCODING", None)
            environ.pop("wsgi.input_terminated", None)
        return environ

    # -- refusals and the log -----------------------------------------------------------------

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        """The standard library's own refusals (a header too long, too many headers, a
        line too long, an HTTP/2 line), answered as the others are; never a 5xx."""
        self._refuse(400 if code >= 500 else code, message or HTTPStatus(code).phrase)

    def _refuse(self, status: int, message: str) -> None:
        phrase = HTTPStatus(status).phrase
        body = f"{status} {phrase}: {message}.\n".encode()
        head = (f"HTTP/1.1 {status} {phrase}\r\nContent-Type: text/plain; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n"
                "X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n\r\n")
        self.close_connection = True
        self.log_request(status)
        try:
            self.wfile.write(head.encode("ascii") + body)
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
        except OSError:
            return
        self._drain()

    def _drain(self) -> None:
        """Read and drop what the client is still sending (a body we refused), for a
        moment, so its connection closes cleanly and it reads the refusal."""
        total = 0
        poller = select.poll()  # not select(): it fails on descriptors past 1024
        poller.register(self.connection, select.POLLIN)
        try:
            while total < _DRAIN_BYTES and poller.poll(200):
                data = self.connection.recv(65536)
                if not data:
                    break
                total += len(data)
        except OSError:
            pass

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """One line per request on stderr, without the query: it may hold the token."""
        path = brief(self.path.split("?")[0], limit=200) if self.path else "-"
        line = f"{self.command or '-'} {path} {code}"
        print(visible(line, keep=""), file=sys.stderr, flush=True)

    def log_message(self, format: str, *args: Any) -> None:
        """Anything else the server says about a request: one inert line."""
        print(visible(brief(format % args, limit=300), keep=""), file=sys.stderr, flush=True)

    def log_error(self, format: str, *args: Any) -> None:
        """An error about a request: one inert line, like any other message."""
        self.log_message(format, *args)


class FrontServer(ThreadedWSGIServer):
    """Werkzeug's threaded server, saying a failure in one line (the CLI's guard does
    the same): a traceback only with CLAIMTRACK_DEBUG=1."""

    def log(self, type: str, message: str, *args: Any) -> None:
        """Werkzeug's own messages ("Error on request" and its traceback)."""
        text = message % args if args else message
        if not os.environ.get("CLAIMTRACK_DEBUG") and "\n" in text.strip():
            lines = text.strip().splitlines()
            text = f"internal error while answering: {lines[-1].strip()} (this is a bug: " \
                   "please report it; CLAIMTRACK_DEBUG=1 logs the traceback)"
        print(visible(text, keep="\n" if os.environ.get("CLAIMTRACK_DEBUG") else ""),
              file=sys.stderr, flush=True)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A failure outside any one answer, in one line."""
        if os.environ.get("CLAIMTRACK_DEBUG"):
            super().handle_error(request, client_address)
            return
        error = sys.exc_info()[1]
        print(visible(f"internal error on a connection: {type(error).__name__}: {error} "
                      "(this is a bug: please report it)", keep=""),
              file=sys.stderr, flush=True)
