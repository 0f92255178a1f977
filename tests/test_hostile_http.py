"""``claimtrack serve`` over raw HTTP: bytes a hostile client or a confused program sends to
the port. Every such request gets a 4xx (never a 5xx, never silence), the server log stays
one inert line per request with no traceback and no token, nothing is written to a dossier
short, and every redirect stays on the server's own origin. Binding an address that cannot
be had is a usage error (exit 2) in claimtrack's words.

One real ``claimtrack serve --port 0`` process serves the module; the requests are written
byte for byte on a socket, as no HTTP library would send them.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import serve_session as session
from hostile_support import CONTROL, run_process, snapshot

TOKEN = "hostile-http-token-0123456789"
WEIRD_ID = "weird\r\nLocation: //evil.example/\r\n\tx"
"""A claim id no slug rule allows (``check`` says so), reachable by percent-encoding."""
WEIRD = f'''
[[claims]]
id = "{WEIRD_ID.encode('unicode_escape').decode()}"
statement = "A claim whose id holds a line break."
claimant = "dockers-union"
kind = "statement"
'''


@dataclass
class Reply:
    """What came back on the socket: status (None: no HTTP status line), headers, body."""

    status: int | None
    headers: dict[str, str]
    body: bytes
    raw: bytes


@dataclass
class Server:
    """The running server: its port, its folder, its log file, a signed-in cookie."""

    port: int
    root: Path
    log: Path
    cookie: str = ""

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def send(self, data: bytes, *, timeout: float = 10, close: bool = False) -> Reply:
        """Write ``data`` as it is; read one response (or until the server closes)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
            # The server may answer and close before taking it all.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                sock.sendall(data)
            if close:
                sock.shutdown(socket.SHUT_WR)
            return _read_reply(sock)

    def get(self, target: str, *headers: str, signed: bool = True) -> Reply:
        """A GET of ``target`` (written raw), with the session cookie unless not ``signed``."""
        lines = [f"GET {target} HTTP/1.1", f"Host: {self.host}", "Connection: close",
                 *headers]
        if signed:
            lines.append(f"Cookie: {self.cookie}")
        return self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))


def _read_reply(sock: socket.socket) -> Reply:
    raw = b""
    try:
        while b"\r\n\r\n" not in raw:
            chunk = sock.recv(65536)
            if not chunk:
                break
            raw += chunk
        head, _, body = raw.partition(b"\r\n\r\n")
        match = re.match(rb"HTTP/1\.[01] (\d{3})", head)
        if match is None:
            return Reply(None, {}, raw, raw)
        headers = {}
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
        return Reply(int(match.group(1)), headers, body, raw)
    except (TimeoutError, ConnectionResetError) as error:
        return Reply(None, {}, raw + f"<{type(error).__name__}>".encode(), raw)


def _start(root: Path, cache: Path, log: Path) -> tuple[subprocess.Popen[str], int]:
    env = {**os.environ, "CLAIMTRACK_TOKEN": TOKEN, "CLAIMTRACK_CACHE_DIR": str(cache)}
    proc = subprocess.Popen([sys.executable, "-m", "claimtrack", "--claims", str(root),
                             "serve", "--port", "0"], env=env, stdout=subprocess.PIPE,
                            stderr=log.open("w"), text=True)
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    found = re.fullmatch(rf"http://127\.0\.0\.1:(\d+)/\?token={TOKEN}", url)
    assert found, (url, log.read_text())
    return proc, int(found.group(1))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The served copy of the session folder (plus a claim with a weird id), signed in."""
    root = session.copy_folder(tmp_path_factory.mktemp("repo"))
    (root / "weird.toml").write_text(WEIRD, encoding="utf-8")
    log = tmp_path_factory.mktemp("log") / "serve.log"
    proc, port = _start(root, tmp_path_factory.mktemp("cache"), log)
    try:
        served = Server(port, root, log)
        reply = served.get(f"/?token={TOKEN}", signed=False)
        assert reply.status == 303, reply.raw
        served.cookie = reply.headers["set-cookie"].split(";")[0]
        yield served
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def clean_log(server: Server) -> Iterator[None]:
    """After the test: everything the server logged meanwhile is one inert line a request,
    with no traceback, no 5xx and no token."""
    start = server.log.stat().st_size
    yield
    time.sleep(0.05)  # a traceback is written after the response went out
    with server.log.open("rb") as handle:
        handle.seek(start)
        text = handle.read().decode("utf-8", "backslashreplace")
    assert_log_clean(text)


def assert_log_clean(text: str) -> None:
    """No traceback, no server error, no token, nothing a terminal would act on."""
    assert "Traceback" not in text and "Error on request" not in text, text[-3000:]
    assert "Exception occurred" not in text, text[-3000:]
    assert TOKEN not in text
    for line in text.splitlines():
        assert CONTROL.search(line) is None, repr(line)
        assert not re.search(r" 5\d\d$", line), line


def _assert_4xx(reply: Reply, what: object = "") -> None:
    assert reply.status is not None, (what, reply.raw[:300])
    assert 400 <= reply.status < 500, (what, reply.status, reply.body[:300])


# -- the request line -------------------------------------------------------------------------

def _client_hello() -> bytes:
    """The first bytes a TLS client sends: a real ClientHello, made in memory."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    outgoing = ssl.MemoryBIO()
    tls = context.wrap_bio(ssl.MemoryBIO(), outgoing, server_hostname="127.0.0.1")
    with pytest.raises(ssl.SSLWantReadError):
        tls.do_handshake()
    return outgoing.read()


def _request_lines(host: str) -> dict[str, bytes]:
    h = f"Host: {host}\r\n".encode()
    long_target = b"/" + b"a" * 20_000
    return {
        "http2-preface": b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        "http2": b"GET / HTTP/2.0\r\n" + h + b"\r\n",
        "http3": b"GET / HTTP/3\r\n" + h + b"\r\n",
        "http0.9-version": b"GET / HTTP/0.9\r\n" + h + b"\r\n",
        "http0.9-simple": b"GET /\r\n",
        "lowercase-version": b"GET / http/1.1\r\n" + h + b"\r\n",
        "three-part-version": b"GET / HTTP/1.1.1\r\n" + h + b"\r\n",
        "huge-version": b"GET / HTTP/99999999999999999999999.0\r\n" + h + b"\r\n",
        "not-http": b"GET / XTTP/1.1\r\n" + h + b"\r\n",
        "one-word": b"HELLO\r\n\r\n",
        "empty-line-then-eof": b"\r\n",
        "binary": b"\x00\xff\xfe\xfd\r\n\r\n",
        "nul-method": b"\x00\x01 / HTTP/1.1\r\n" + h + b"\r\n",
        "method-with-slash": b"G/ET / HTTP/1.1\r\n" + h + b"\r\n",
        "tls-hello": _client_hello(),
        "sslv2-hello": bytes.fromhex("802b0103010012000000100100800700c0") + b"\x00" * 30,
        "ssh-banner": b"SSH-2.0-OpenSSH_9.6\r\n",
        "request-line-20k": b"GET " + long_target + b" HTTP/1.1\r\n" + h + b"\r\n",
        "request-line-60k": b"GET /" + b"b" * 60_000 + b" HTTP/1.1\r\n" + h + b"\r\n",
        "request-line-64k": b"GET /" + b"c" * 65_600 + b" HTTP/1.1\r\n" + h + b"\r\n",
        "request-line-300k": b"GET /" + b"d" * 300_000 + b" HTTP/1.1\r\n" + h + b"\r\n",
        "query-60k": b"GET /?search=" + b"e" * 60_000 + b" HTTP/1.1\r\n" + h + b"\r\n",
        "header-70k": b"GET / HTTP/1.1\r\n" + h + b"X-Long: " + b"f" * 70_000 + b"\r\n\r\n",
        "headers-500": b"GET / HTTP/1.1\r\n" + h + b"X-Many: g\r\n" * 500 + b"\r\n",
        "header-no-colon": b"GET / HTTP/1.1\r\n" + h + b"no colon here\r\n\r\n",
        "header-obs-fold": b"GET / HTTP/1.1\r\n" + h + b"X-A: b\r\n c\r\n\r\n",
        "absolute-form-elsewhere": b"GET http://evil.example/ HTTP/1.1\r\n" + h + b"\r\n",
        "authority-form": b"CONNECT evil.example:443 HTTP/1.1\r\n" + h + b"\r\n",
        "asterisk-get": b"GET * HTTP/1.1\r\n" + h + b"\r\n",
        "no-leading-slash": b"GET claim/x HTTP/1.1\r\n" + h + b"\r\n",
    }


REQUEST_LINES = list(_request_lines("x"))


@pytest.mark.usefixtures("clean_log")
@pytest.mark.parametrize("case", REQUEST_LINES)
def test_a_request_line_that_is_not_http_1_gets_a_4xx_at_once(server: Server,
                                                              case: str) -> None:
    data = _request_lines(server.host)[case]
    started = time.monotonic()
    # The client does not close its side (a TLS client waits for the server's hello).
    reply = server.send(data, timeout=10)
    _assert_4xx(reply, case)
    assert time.monotonic() - started < 5, case


@pytest.mark.usefixtures("clean_log")
def test_a_tls_client_on_the_plain_port_fails_fast(server: Server) -> None:
    """A browser or curl speaking https:// to the plain port gets a quick failure (the
    server's plain-HTTP 400 is not a TLS record), not a thirty-second wait."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as sock, \
            pytest.raises((ssl.SSLError, ConnectionError)):
        context.wrap_socket(sock, server_hostname="127.0.0.1")
    assert time.monotonic() - started < 5


# -- control characters in the path -------------------------------------------------------------

PATH_CHARACTERS = {
    "raw-tab": b"/claim/a\tb", "raw-cr": b"/claim/a\rb", "raw-esc": b"/claim/\x1b[2Ja",
    "raw-nul": b"/claim/a\x00b", "raw-del": b"/claim/a\x7fb", "raw-vt": b"/claim/a\x0bb",
    "raw-c1": b"/claim/a\x85b", "raw-utf8": "/claim/é\u2028".encode(),
    "raw-latin1": b"/claim/\xe9", "raw-space": b"/claim/a b",
    "pct-crlf": b"/claim/a%0d%0aSet-Cookie:%20x=1", "pct-tab": b"/claim/a%09b",
    "pct-nul": b"/claim/a%00b", "pct-esc": b"/claim/%1b%5b2J", "pct-del": b"/claim/a%7f",
    "pct-c1": b"/claim/a%c2%85b", "pct-line-separator": b"/claim/a%e2%80%a8b",
    "pct-bad-utf8": b"/claim/%ff%fe", "pct-overlong-slash": b"/claim/%c0%af",
    "pct-lone-surrogate": b"/claim/%ed%a0%80", "pct-truncated": b"/claim/%",
    "pct-bad-hex": b"/claim/%zz", "pct-crlf-root": b"/%0d%0a", "pct-tab-root": b"/%09",
    "weird-claim": ("/claim/" + urllib.parse.quote(WEIRD_ID, safe="")).encode(),
}


@pytest.mark.usefixtures("clean_log")
@pytest.mark.parametrize("case", list(PATH_CHARACTERS))
@pytest.mark.parametrize("signed", [True, False], ids=["signed-in", "anonymous"])
def test_control_characters_in_the_path_get_a_4xx(server: Server, case: str,
                                                  signed: bool) -> None:
    target = PATH_CHARACTERS[case]
    head = b"GET " + target + b" HTTP/1.1\r\nHost: " + server.host.encode() + b"\r\n"
    if signed:
        head += f"Cookie: {server.cookie}\r\n".encode()
    reply = server.send(head + b"Connection: close\r\n\r\n")
    _assert_4xx(reply, case)
    # With the token too: signing in on a path nobody could mean is refused, not redirected.
    query = b"?token=" + TOKEN.encode()
    reply = server.send(b"GET " + target + query + b" HTTP/1.1\r\nHost: "
                        + server.host.encode() + b"\r\nConnection: close\r\n\r\n")
    _assert_4xx(reply, (case, "token"))


# -- numbers in the query and in forms ----------------------------------------------------------

HUGE = ["99999999999999999999999", "-99999999999999999999999", "18446744073709551617",
        "9223372036854775808", "46116860184273880", "1e400", "-1e400", "nan", "inf",
        "-inf", "0x10", "1_000", "0", "-1", "", " ", "1" * 5000, "\u0661", "+1", "2.5",
        "%00", "%0a1"]
"""Numbers no page takes: past 64 bits, floats past a double, non-finite, odd spellings."""


@pytest.mark.usefixtures("clean_log")
@pytest.mark.parametrize("name", ["page", "limit", "since", "until", "flagged", "status",
                                  "depth"])
@pytest.mark.parametrize("value", HUGE)
def test_numbers_in_query_parameters_get_a_4xx(server: Server, name: str,
                                               value: str) -> None:
    reply = server.get(f"/?{name}={urllib.parse.quote(value, safe='%')}")
    if name not in ("limit", "depth") and not value.strip():
        assert reply.status == 200, reply.body[:300]  # the page's own form sends blanks
        return
    _assert_4xx(reply, (name, value))
    assert b"Traceback" not in reply.body


@pytest.mark.usefixtures("clean_log")
@pytest.mark.parametrize("query", ["?page=1", "?page=1&tag=draft", "", "?since=2026",
                                   "?status=disputed&page=1", "?flagged=yes"])
def test_good_query_parameters_still_answer(server: Server, query: str) -> None:
    reply = server.get(f"/{query}")
    assert reply.status == 200, (query, reply.body[:500])


@pytest.mark.usefixtures("clean_log")
def test_a_page_past_the_last_is_a_4xx_that_says_how_many(server: Server) -> None:
    reply = server.get("/?page=2")
    _assert_4xx(reply)
    assert b"page" in reply.body


def _form_page(server: Server) -> tuple[str, str]:
    """The CSRF token and version of the draft's forms."""
    page = server.get(f"/claim/{session.DRAFT}").body.decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    version = re.search(r'name="version" value="([^"]+)"', page)
    assert csrf and version, page[:500]
    return csrf.group(1), version.group(1)


def _post(server: Server, action: str, body: bytes, *headers: str,
          claim: str = session.DRAFT) -> Reply:
    lines = [f"POST /claim/{claim}/{action} HTTP/1.1", f"Host: {server.host}",
             f"Cookie: {server.cookie}", "Connection: close", *headers]
    if not any(h.lower().startswith(("content-length", "transfer-encoding")) for h in headers):
        lines.append(f"Content-Length: {len(body)}")
    if not any(h.lower().startswith("content-type") for h in headers):
        lines.append("Content-Type: application/x-www-form-urlencoded")
    return server.send(("\r\n".join(lines) + "\r\n\r\n").encode() + body, timeout=20)


FORM_NUMBERS = [("appearance", "appearance"), ("review", "date"), ("review", "version"),
                ("accept", "date"), ("edit", "made")]


@pytest.mark.usefixtures("clean_log")
@pytest.mark.parametrize(("action", "field"), FORM_NUMBERS)
@pytest.mark.parametrize("value", ["99999999999999999999999", "-1", "0", "1e400", "-1e400",
                                   "nan", "99999999999999999999-01-01",
                                   "2026-01-99999999999999999999", "1" * 5000])
def test_numbers_in_form_fields_get_a_4xx_and_write_nothing(
        server: Server, action: str, field: str, value: str) -> None:
    csrf, version = _form_page(server)
    fields = {"csrf": csrf, "version": version, "status": "disputed", "by": "Desk",
              "framing": "alleged", "appearance": "1", "date": "2026-02-02"}
    fields[field] = value
    before = snapshot(server.root)
    reply = _post(server, action, urllib.parse.urlencode(fields).encode())
    _assert_4xx(reply, (action, field, value))
    assert snapshot(server.root) == before


# -- bodies -------------------------------------------------------------------------------------

def _chunked(body: bytes, size: int = 100_000) -> bytes:
    parts = [body[i:i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


def _review_body(server: Server, note: bytes) -> bytes:
    csrf, version = _form_page(server)
    return (urllib.parse.urlencode({"csrf": csrf, "version": version, "status": "disputed",
                                    "by": "Desk", "date": "2026-02-02"}).encode()
            + b"&note=" + note)


BODIES = {
    "chunked-1.5MB": lambda b: (_chunked(b), "Transfer-Encoding: chunked"),
    "chunked-just-over": lambda b: (_chunked(b[:1_000_001]), "Transfer-Encoding: chunked"),
    "chunked-one-huge-chunk": lambda b: (_chunked(b, 10_000_000), "Transfer-Encoding: chunked"),
    "content-length-1.5MB": lambda b: (b, f"Content-Length: {len(b)}"),
    "content-length-past-64-bits": lambda b: (b[:1000],
                                              "Content-Length: 99999999999999999999999"),
    "content-length-negative": lambda b: (b[:1000], "Content-Length: -5"),
    "content-length-not-a-number": lambda b: (b[:1000], "Content-Length: 1e3"),
    "content-length-twice": lambda b: (b[:1000], "Content-Length: 1000\r\nContent-Length: 10"),
    "chunk-size-past-64-bits": lambda b: (b"fffffffffffffffffffffff\r\n" + b[:5000],
                                          "Transfer-Encoding: chunked"),
    "chunk-size-not-hex": lambda b: (b"zz\r\n" + b[:5000], "Transfer-Encoding: chunked"),
    "chunk-size-negative": lambda b: (b"-10\r\n" + b[:5000], "Transfer-Encoding: chunked"),
    "chunked-and-length": lambda b: (_chunked(b[:5000]),
                                     "Transfer-Encoding: chunked\r\nContent-Length: 5"),
    "gzip-chunked": lambda b: (_chunked(b[:5000]), "Transfer-Encoding: gzip, chunked"),
    "unknown-coding": lambda b: (b[:5000], "Transfer-Encoding: rot13"),
}


@pytest.mark.usefixtures("clean_log")
@pytest.mark.parametrize("case", list(BODIES))
def test_a_body_past_the_limit_or_malformed_is_a_4xx_and_writes_nothing(
        server: Server, case: str) -> None:
    body = _review_body(server, b"n" * 1_500_000)
    data, header = BODIES[case](body)
    before = snapshot(server.root)
    reply = _post(server, "review", data, header)
    _assert_4xx(reply, case)
    assert snapshot(server.root) == before


@pytest.mark.usefixtures("clean_log")
@pytest.mark.parametrize("size", [400_000, 600_000, 990_000])
@pytest.mark.parametrize("chunked", [True, False], ids=["chunked", "length"])
def test_a_long_field_under_the_body_limit_is_written_whole_or_refused(
        server: Server, size: int, chunked: bool) -> None:
    """A note of hundreds of kilobytes: kept whole in the dossier or refused, never cut."""
    note = b"word " * (size // 5)
    body = _review_body(server, note)
    header = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {len(body)}"
    before = snapshot(server.root)
    reply = _post(server, "review", _chunked(body) if chunked else body, header)
    assert reply.status is not None and reply.status < 500, reply.raw[:300]
    written = "\n".join(v.decode("utf-8", "replace") for k, v in snapshot(server.root).items()
                        if isinstance(v, bytes) and before.get(k) != v)
    if reply.status == 303:
        assert note.decode().strip() in written
    else:
        _assert_4xx(reply)
        assert written == ""


@pytest.mark.usefixtures("clean_log")
@pytest.mark.parametrize("how", ["chunk-cut", "length-cut", "multipart-cut"])
def test_a_body_cut_off_by_the_client_writes_nothing(server: Server, how: str) -> None:
    """The client sends part of the form and closes: no review with half a note."""
    body = _review_body(server, b"half " * 2000)
    if how == "chunk-cut":
        data, header = b"%x\r\n" % len(body) + body[:-3000], "Transfer-Encoding: chunked"
    elif how == "length-cut":
        data, header = body[:-3000], f"Content-Length: {len(body)}"
    else:
        csrf, version = _form_page(server)
        parts = [("csrf", csrf), ("version", version), ("status", "disputed"), ("by", "Desk"),
                 ("date", "2026-02-02"), ("note", "half " * 2000)]
        data = b"".join(f'--b\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                        .encode() for k, v in parts)[:-3000]
        header = ("Content-Type: multipart/form-data; boundary=b\r\n"
                  f"Content-Length: {len(data) + 5000}")
    before = snapshot(server.root)
    lines = [f"POST /claim/{session.DRAFT}/review HTTP/1.1", f"Host: {server.host}",
             f"Cookie: {server.cookie}", header]
    if how != "multipart-cut":
        lines.append("Content-Type: application/x-www-form-urlencoded")
    reply = server.send(("\r\n".join(lines) + "\r\n\r\n").encode() + data, close=True)
    assert reply.status is None or reply.status >= 400, reply.raw[:300]
    assert reply.status is None or reply.status < 500, reply.raw[:300]
    assert snapshot(server.root) == before


# -- redirects ----------------------------------------------------------------------------------

def _browser_origin(location: str, base: str) -> tuple[str, str]:
    """The origin a browser goes to for ``location``: tabs and line breaks dropped, a
    backslash read as a slash (the URL standard's rules for http), then resolved."""
    cleaned = re.sub(r"[\t\n\r]", "", location).strip("\x00 ").replace("\\", "/")
    target = urllib.parse.urlsplit(urllib.parse.urljoin(base, cleaned))
    return target.scheme, target.netloc.lower()


REDIRECT_PATHS = ["//evil.example/", "///evil.example/", "/\\evil.example/",
                  "/\\\\evil.example/", "/%2F%2Fevil.example/", "/%2f%5cevil.example",
                  "/%5C%5Cevil.example", "/%09/evil.example", "/%0d%0a/evil.example",
                  "/.//evil.example", "/..//evil.example", "/%2e%2e//evil.example",
                  "/claim/x/..//evil.example", "/@evil.example", "/:@evil.example",
                  "/%40evil.example", "/http:%2F%2Fevil.example", "/%68ttp://evil.example"]


def _assert_same_origin(server: Server, reply: Reply, what: object) -> None:
    assert reply.status is not None and reply.status < 500, (what, reply.raw[:300])
    location = reply.headers.get("location")
    if location is None:
        assert not 300 <= reply.status < 400, (what, reply.status)  # no redirect to nowhere
        return
    assert 300 <= reply.status < 400, (what, reply.status)
    assert CONTROL.search(location) is None and " " not in location, (what, location)
    base = f"http://{server.host}/"
    assert _browser_origin(location, base) == ("http", server.host), (what, location)
    assert "evil" not in urllib.parse.urlsplit(urllib.parse.urljoin(base, location)).netloc


@pytest.mark.usefixtures("clean_log")
@pytest.mark.parametrize("path", REDIRECT_PATHS)
def test_the_sign_in_redirect_stays_on_this_origin(server: Server, path: str) -> None:
    reply = server.get(f"{path}?token={TOKEN}", signed=False)
    _assert_same_origin(server, reply, path)


@pytest.mark.usefixtures("clean_log")
@pytest.mark.parametrize("target", ["//evil.example/", "http://evil.example/",
                                    "/\\evil.example", "javascript:alert(1)",
                                    "%2F%2Fevil.example", "\r\nLocation: http://evil/"])
@pytest.mark.parametrize("name", ["next", "return_to", "redirect", "url", "done"])
def test_a_redirect_target_in_the_query_or_referer_is_never_followed(
        server: Server, target: str, name: str) -> None:
    quoted = urllib.parse.quote(target, safe="")
    for reply in (server.get(f"/?token={TOKEN}&{name}={quoted}", signed=False),
                  server.get(f"/?{name}={quoted}"),
                  server.get("/", f"Referer: {quoted}"),
                  server.get(f"/?token={TOKEN}", f"Referer: {quoted}", signed=False)):
        _assert_same_origin(server, reply, (name, target))


@pytest.mark.usefixtures("clean_log")
@pytest.mark.parametrize("path", ["/claim/x/", "/claim//x", "//claim/x", "/claim/x//",
                                  f"/claim/{session.DRAFT}/", "/claim/x/review/"])
def test_routing_redirects_stay_on_this_origin(server: Server, path: str) -> None:
    _assert_same_origin(server, server.get(path), path)
    _assert_same_origin(server, server.get(path, "Host: 127.0.0.1:1"), path)


@pytest.mark.usefixtures("clean_log")
def test_the_redirect_after_a_form_stays_on_this_origin_for_any_claim_id(
        server: Server) -> None:
    """A claim whose id holds CR, LF and ``//evil``: its review is written and the page
    goes back to the claim on this origin (or the write is refused); never a 5xx."""
    quoted = urllib.parse.quote(WEIRD_ID, safe="")
    page = server.get(f"/claim/{quoted}")
    csrf, version = _form_page(server)
    if page.status == 200:
        found = re.search(r'name="version" value="([^"]+)"', page.body.decode())
        version = found.group(1) if found else version
    body = urllib.parse.urlencode({"csrf": csrf, "version": version, "status": "disputed",
                                   "by": "Desk", "date": "2026-02-02", "note": "n"}).encode()
    reply = _post(server, "review", body, claim=quoted)
    _assert_same_origin(server, reply, WEIRD_ID)


@pytest.mark.usefixtures("clean_log")
def test_pipelined_requests_get_one_answer_and_a_clean_close(server: Server) -> None:
    """A chunked form, then a page, then garbage, on one connection: the form is answered
    (read exactly, whole) and the connection closes, as every answer of this server does;
    nothing after the body is ever taken for part of it, and no 5xx."""
    body = b"csrf=wrong&note=" + b"x" * 5000
    data = (f"POST /claim/{session.DRAFT}/review HTTP/1.1\r\nHost: {server.host}\r\n"
            f"Cookie: {server.cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Transfer-Encoding: chunked\r\n\r\n").encode() + _chunked(body, 1000) + (
            f"GET / HTTP/1.1\r\nHost: {server.host}\r\nCookie: {server.cookie}\r\n\r\n"
            "NOT A REQUEST\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(data)
        first = _read_reply(sock)
        rest = sock.recv(65536)
    assert first.status == 403 and b"security token" in first.body, first.raw[:300]
    assert first.headers.get("connection") == "close" and rest == b""


HOSTS = ["[::1", "127.0.0.1:99999999999999999999", "127.0.0.1:-1", "127.0.0.1:", ":",
         "", "127.0.0.1:0x50", "\u00e9xample:80", "a" * 5000, "127.0.0.1 :1",
         "127.0.0.1, evil.example", "user@127.0.0.1", "127.0.0.1/evil"]


@pytest.mark.usefixtures("clean_log")
@pytest.mark.parametrize("host", HOSTS)
def test_a_hostile_host_header_gets_a_4xx(server: Server, host: str) -> None:
    reply = server.send(b"GET / HTTP/1.1\r\nHost: " + host.encode("utf-8") +
                        f"\r\nCookie: {server.cookie}\r\nConnection: close\r\n\r\n"
                        .encode())
    _assert_4xx(reply, host)


HEADER_LINES = [b"X-Note: a\x00b", b"User-Agent: a\x1b[2Jb", b"Accept: a\x7fb",
                b"X-Note: first\r\n folded", b"X-Note: a\rb", b"Bad Name: x", b"X(y): z",
                b"X-Note: \x0bvertical"]


@pytest.mark.usefixtures("clean_log")
@pytest.mark.parametrize("line", HEADER_LINES)
def test_a_header_with_a_control_character_or_a_bad_name_gets_a_4xx(server: Server,
                                                                    line: bytes) -> None:
    reply = server.send(b"GET / HTTP/1.1\r\nHost: " + server.host.encode() + b"\r\n" + line +
                        f"\r\nCookie: {server.cookie}\r\nConnection: close\r\n\r\n"
                        .encode())
    _assert_4xx(reply, line)


def test_a_header_with_a_tab_or_latin_1_in_its_value_still_answers(server: Server) -> None:
    reply = server.send(b"GET / HTTP/1.1\r\nHost: " + server.host.encode() +
                        b"\r\nX-Note: a\tb \xe9\r\n" +
                        f"Cookie: {server.cookie}\r\nConnection: close\r\n\r\n".encode())
    assert reply.status == 200, reply.raw[:300]


CONTENT_TYPES = ["multipart/form-data", "multipart/form-data; boundary=" + "b" * 5000,
                 "application/x-www-form-urlencoded; charset=x-unknown",
                 "application/x-www-form-urlencoded; charset=utf-7", "text/plain",
                 "application/json", "multipart/mixed; boundary=b", "", "\u00e9"]


@pytest.mark.usefixtures("clean_log")
@pytest.mark.parametrize("kind", CONTENT_TYPES)
def test_a_form_in_an_odd_content_type_is_refused_and_writes_nothing(
        server: Server, kind: str) -> None:
    body = _review_body(server, b"a note")
    before = snapshot(server.root)
    lines = [f"POST /claim/{session.DRAFT}/review HTTP/1.1", f"Host: {server.host}",
             f"Cookie: {server.cookie}", "Connection: close", f"Content-Type: {kind}",
             f"Content-Length: {len(body)}"]
    reply = server.send("\r\n".join(lines).encode("utf-8") + b"\r\n\r\n" + body)
    if kind.startswith("application/x-www-form-urlencoded"):
        assert reply.status is not None and reply.status in (303, 400, 403, 415), reply.raw
    else:
        _assert_4xx(reply, kind)
        assert snapshot(server.root) == before


# -- the whole log ------------------------------------------------------------------------------

def test_the_log_is_clean_after_everything(server: Server) -> None:
    """Runs last in the module: the whole log, start-up lines included."""
    time.sleep(0.2)
    text = server.log.read_text(encoding="utf-8", errors="backslashreplace")
    assert_log_clean(text)
    assert text.startswith("serving ")


# -- binding ------------------------------------------------------------------------------------

@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        yield sock.getsockname()[1]


def _serve(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    from conftest import VALID

    env = {**os.environ, "CLAIMTRACK_CACHE_DIR": str(tmp_path / "cache"),
           "CLAIMTRACK_TOKEN": TOKEN}
    command = [sys.executable, "-m", "claimtrack", "--claims", str(VALID), "serve", *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=20, env=env,
                              check=False)
    except subprocess.TimeoutExpired as expired:
        raise AssertionError(f"serve {args} did not stop: it is serving") from expired
    return done.returncode, done.stdout, done.stderr


def _usage(code: int, out: str, err: str, option: str) -> None:
    assert code == 2, (code, out, err)
    assert out == ""
    assert err.startswith("claimtrack: ") and err.count("\n") == 1, err
    assert option in err, err
    assert "internal error" not in err and "Traceback" not in err


def test_a_port_in_use_is_a_usage_error(tmp_path: Path, busy_port: int) -> None:
    code, out, err = _serve(tmp_path, "--port", str(busy_port))
    _usage(code, out, err, "--port")
    assert str(busy_port) in err and "in use" in err


BAD_HOSTS = ["256.1.1.1", "nonexistent.invalid", "a" * 300, "..", "a..b", "", " ",
             "127.0.0.1:8000", "[::1", "http://127.0.0.1", "8.8.8.8", "-1", "\u00e9.invalid",
             "999999999999999999999", "unix://socket", "localhost\ttab"]


@pytest.mark.parametrize("host", BAD_HOSTS)
def test_a_host_that_cannot_be_bound_is_a_usage_error(tmp_path: Path, host: str) -> None:
    code, out, err = _serve(tmp_path, "--host", host, "--port", "0")
    _usage(code, out, err, "--host")


def test_a_unix_socket_host_never_removes_a_file(tmp_path: Path) -> None:
    """Werkzeug reads ``unix://PATH`` as a socket to create, and first deletes what is at
    PATH: claimtrack takes an address, never a path."""
    keep = tmp_path / "keep.toml"
    keep.write_text("keep me\n")
    code, out, err = _serve(tmp_path, "--host", f"unix://{keep}", "--port", "0")
    _usage(code, out, err, "--host")
    assert keep.read_text() == "keep me\n"


def test_a_bracketed_ipv6_loopback_is_understood(tmp_path: Path) -> None:
    """``--host [::1]`` (as URLs write it) is the IPv6 loopback, or a usage error where
    this machine has no IPv6: never a name lookup of ``[::1]``."""
    env = {**os.environ, "CLAIMTRACK_CACHE_DIR": str(tmp_path / "cache"),
           "CLAIMTRACK_TOKEN": TOKEN}
    from conftest import VALID

    proc = subprocess.Popen([sys.executable, "-m", "claimtrack", "--claims", str(VALID),
                             "serve", "--host", "[::1]", "--port", "0"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline().strip()
        if not first:
            _usage(proc.wait(timeout=10), "", proc.communicate()[1], "--host")
            return
        assert re.fullmatch(r"http://\[::1\]:\d+/\?token=.*", first), first
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_port_option_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    for port in ("65536", "-1", "99999999999999999999999", "1e400", "http"):
        ran = run_process("serve", "--port", port, cwd=tmp_path,
                          env={"CLAIMTRACK_CACHE_DIR": str(tmp_path / "c")})
        assert ran.code == 2, (port, ran)
        assert "--port" in ran.err


# -- every form field, any value (in process, quick) --------------------------------------------

FIELD_VALUES = ["", " ", "0", "-1", "99999999999999999999999", "1e400", "nan", "\x00",
                "\r\n", "\x1b[2J", "\ud800", "<script>", "a" * 5000, "draft", "unverified",
                "supports", "harbour-pier-collapse-the-ministry-of-ports", "dockers-union",
                "2026-02-30", "yes", "\u2028", "%00", "../x", "a,b,,c", "\\"]
FORM_FIELDS = ["status", "note", "evidence", "by", "date", "version", "statement", "kind",
               "notes", "made", "occurred", "claimant", "about", "tags", "appearance",
               "framing", "attribution", "cue", "via", "type", "target", "confirm", "unlink"]


def test_any_value_in_any_form_field_is_never_a_5xx(tmp_path: Path) -> None:
    """Every form action with random values in random fields: a 303, a 4xx with the claim
    page or a refusal, never a 5xx (an exception the app did not turn into a message)."""
    import datetime as dt

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from werkzeug.test import Client

    from claimtrack.serve.app import ServeApp
    from claimtrack.serve.security import COOKIE, Gate

    root = session.copy_folder(tmp_path)
    app = ServeApp(root=root, gate=Gate(token=TOKEN, host="127.0.0.1", port=8123),
                   cache=False, reviewer="Desk", today=lambda: dt.date(2026, 2, 2))
    client = Client(app)
    base = "http://127.0.0.1:8123"
    assert client.get(f"/?token={TOKEN}", base_url=base).status_code == 303
    cookie = client.get_cookie(COOKIE, domain="127.0.0.1")
    assert cookie is not None
    csrf = app.gate.csrf(cookie.value)
    actions = ["review", "accept", "edit", "appearance", "link", "remove", "nothing"]

    @settings(max_examples=150, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(action=st.sampled_from(actions),
           fields=st.dictionaries(st.sampled_from(FORM_FIELDS), st.sampled_from(FIELD_VALUES),
                                  max_size=8),
           claim=st.sampled_from([session.DRAFT, "no-such-claim", "x%0Ay", "%E2%80%A8"]))
    def one(action: str, fields: dict[str, str], claim: str) -> None:
        data = {k: v.encode("utf-8", "surrogatepass") for k, v in fields.items()}
        response = client.post(f"/claim/{claim}/{action}", data={**data, "csrf": csrf},
                               base_url=base)
        assert response.status_code < 500, (action, fields, response.get_data()[:500])
        location = response.headers.get("Location", "/")
        assert location.startswith("/") and not location.startswith(("//", "/\\"))

    one()
