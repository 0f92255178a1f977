"""Start the server: bind, print the URL with its token on the first line, serve."""

from __future__ import annotations

import os
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
    from werkzeug.serving import WSGIRequestHandler, make_server

    from claimtrack.edit.api import reviewer_name
    from claimtrack.index import Index
    from claimtrack.serve.app import ServeApp
    from claimtrack.serve.security import Gate, new_token

    with Index.open(root, cache=cache):  # a folder that cannot be read fails here, at once
        pass
    token = os.environ.get(ENV_TOKEN) or new_token()
    if len(token) < 16:
        raise UsageError(f"${ENV_TOKEN} is too short to protect anything: use 16 characters "
                         "or more")

    class Quiet(WSGIRequestHandler):
        """Werkzeug's handler, logging each request without its query (the token)."""

        # A client that opens a connection and sends nothing gives up its thread after
        # this long, instead of holding it for ever.
        timeout = 30

        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            """One line per request on stderr."""
            # One line per request on stderr, without the query: it may hold the token.
            print(f"{self.command} {self.path.split('?')[0]} {code}", file=sys.stderr)

    try:
        # A thread per request: one slow or idle connection (a browser opens several)
        # never holds up the others. Each request opens its own index connection, and
        # writes are serialised by the folder lock.
        server = make_server(host, port, lambda e, s: app(e, s), threaded=True,
                             request_handler=Quiet)
    except OSError as error:
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}",
                         field="port") from None
    bound = int(server.server_port)
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
