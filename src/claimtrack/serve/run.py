"""Start the server: bind, print the URL with its token on the first line, serve."""

from __future__ import annotations

import errno
import os
import socket
import sys
from pathlib import Path

from claimtrack.errors import UsageError

__all__ = ["ENV_TOKEN", "serve", "url"]

ENV_TOKEN = "CLAIMTRACK_TOKEN"
"""Set it to fix the access token (tests, a bookmark); otherwise a new one each start."""


def url(host: str, port: int, token: str) -> str:
    """The address to open, token included."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


def serve(root: Path, *, host: str = "127.0.0.1", port: int = 8000, read_only: bool = False,
          cache: bool = True) -> None:
    """Serve the claims folder ``root`` until interrupted."""
    from claimtrack.edit.api import reviewer_name
    from claimtrack.index import Index
    from claimtrack.serve.app import ServeApp
    from claimtrack.serve.front import Front, FrontServer
    from claimtrack.serve.security import Gate, new_token

    with Index.open(root, cache=cache):  # a folder that cannot be read fails here, at once
        pass
    token = os.environ.get(ENV_TOKEN) or new_token()
    if len(token) < 16:
        raise UsageError(f"${ENV_TOKEN} is too short to protect anything: use 16 characters "
                         "or more")
    host = _address(host)
    listening = listen(host, port)
    # Werkzeug takes the bound socket as it is (fd=): it never binds, so it never exits on
    # a bind error in its own words, and never reads ``unix://PATH`` as a file to replace.
    # A thread per request: one slow or idle connection (a browser opens several) never
    # holds up the others. Each request opens its own index connection, and writes are
    # serialised by the folder lock.
    server = FrontServer(listening.getsockname()[0], listening.getsockname()[1],
                         lambda e, s: app(e, s), Front, fd=listening.fileno())
    listening.close()  # the server holds its own duplicate of it
    bound = int(server.port)
    app = ServeApp(root=root, gate=Gate(token=token, host=host, port=bound),
                   read_only=read_only, cache=cache, reviewer=reviewer_name(root) or "")
    print(url(host, bound, token), flush=True)
    print(f"serving {root}{' read-only' if read_only else ''}; Ctrl-C stops it",
          file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _address(host: str) -> str:
    """``host`` as an address to look up: an IPv6 literal without its URL brackets; a
    usage error for what is no address at all (empty would mean every interface)."""
    from claimtrack.inert import brief, visible

    name = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if not name or name != name.strip() or any(c in name for c in "/\\[]@") or not (
            name.isprintable()):
        raise UsageError(f"'{visible(brief(host, limit=100), keep='')}' is not an address "
                         "to listen on: give an IP address or a host name (127.0.0.1, ::1, "
                         "localhost)", field="host")
    return name


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on ``host``:``port``, or a usage error naming the option at
    fault: a name that does not resolve, an address not on this machine, a port taken."""
    from claimtrack.inert import brief, visible

    shown = visible(brief(f"[{host}]" if ":" in host else host, limit=100), keep="")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM)[0]
    except (OSError, UnicodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise UsageError(f"cannot listen on {shown}: no such address here ({reason})",
                         field="host") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} on {shown} is in use by another program: choose "
                             "another port (0 picks a free one)", field="port") from None
        if error.errno == errno.EACCES:
            raise UsageError(f"cannot listen on {shown}:{port}: {error.strerror} (ports "
                             "below 1024 need privileges; 0 picks a free one)",
                             field="port") from None
        raise UsageError(f"cannot listen on {shown}:{port}: {error.strerror or error}",
                         field="host") from None
    return sock
