"""Who may use the page: an access token, then a session cookie; a CSRF token per session
for writes; and only requests addressed to the bound host (DNS rebinding)."""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
from typing import TYPE_CHECKING
from urllib.parse import quote

import attrs

if TYPE_CHECKING:
    from werkzeug.datastructures import MultiDict

__all__ = ["COOKIE", "MAX_BODY", "Gate", "local_location", "new_token", "path_ok", "telling",
           "told"]

COOKIE = "claimtrack_session"
"""The cookie that carries a browser's session once it has shown the access token."""

MAX_BODY = 1_000_000
"""Largest request body read: a form is a few hundred bytes."""

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def path_ok(path: str) -> bool:
    """Whether a (decoded) request path could name a page: no control character, line
    separator or undecodable byte, raw or percent-encoded."""
    return _CONTROL.search(path) is None


def local_location(path: str, query: str = "") -> str:
    """A redirect target on this server's own origin for ``path``: every character a
    browser might read as a scheme, host or line break percent-encoded, and one leading
    slash (``//evil.example`` and ``/\\evil.example`` would leave the origin)."""
    location = "/" + quote(path.lstrip("/\\"), safe="/-._~!$&'()*+,;=:@")
    return f"{location}?{query}" if query else location


def telling(done: str, *, csrf: str) -> list[tuple[str, str]]:
    """The query that carries the message ``done`` to the page a form redirects to, signed
    with the session's CSRF token: a crafted link cannot make the page say "Saved."."""
    return [("done", done), ("sig", _signature(done, csrf))]


def told(args: MultiDict[str, str], *, csrf: str) -> MultiDict[str, str]:
    """``args`` as the pages read them: ``done`` kept only when its ``sig`` is this
    session's signature of it (a message this server gave this browser), ``sig`` dropped."""
    from werkzeug.datastructures import MultiDict

    done, sig = args.get("done"), args.get("sig")
    kept = done is not None and sig is not None and _same(sig, _signature(done, csrf))
    return MultiDict([(k, v) for k, v in args.items(multi=True)
                      if k != "sig" and (k != "done" or kept)])


def _signature(done: str, csrf: str) -> str:
    digest = hmac.new(csrf.encode("utf-8"), done.encode("utf-8", "surrogatepass"), "sha256")
    return digest.hexdigest()[:32]


def new_token() -> str:
    """A fresh random token (URL-safe, 192 bits)."""
    return secrets.token_urlsafe(24)


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


@attrs.define
class Gate:
    """The server's secrets and the sessions it handed out."""

    token: str
    host: str
    port: int
    sessions: dict[str, str] = attrs.Factory(dict)
    """Session id (the cookie) -> that session's CSRF token."""

    def open_session(self) -> str:
        """A new session id, with its own CSRF token."""
        session = new_token()
        self.sessions[session] = new_token()
        return session

    def token_ok(self, given: str | None) -> bool:
        """Whether ``given`` is the access token."""
        return given is not None and _same(given, self.token)

    def session_ok(self, cookie: str | None) -> bool:
        """Whether the cookie names a session this server opened."""
        return cookie is not None and any(_same(cookie, s) for s in self.sessions)

    def csrf(self, cookie: str) -> str:
        """The CSRF token of a session."""
        return self.sessions[cookie]

    def csrf_ok(self, cookie: str | None, given: str | None) -> bool:
        """Whether a form's CSRF token is its session's."""
        if cookie is None or given is None or not self.session_ok(cookie):
            return False
        return _same(self.sessions[cookie], given)

    def host_ok(self, header: str | None) -> bool:
        """Whether the Host header names the address the server is bound to.

        A page on another site that resolves its own name to 127.0.0.1 (DNS rebinding)
        sends its own name: refused. Bound to every interface, any address literal with
        the right port is accepted, never a name.
        """
        if not header:
            return False
        host, _, port = header.rpartition(":") if not header.endswith("]") else (header, "", "")
        if not host:
            host, port = header, ""
        if port != str(self.port):
            return False
        host = host.strip("[]").lower()
        bound = self.host.strip("[]").lower()
        if host == bound:
            return True
        try:
            wildcard = ipaddress.ip_address(bound).is_unspecified
            ipaddress.ip_address(host)
        except ValueError:
            return False
        return wildcard
