"""The WSGI application: routes, the security gate, and one index per request."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

import attrs
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import Map, RequestRedirect, Rule
from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from claimtrack.errors import ClaimtrackError
from claimtrack.serve import desk, forms, pages
from claimtrack.serve.security import COOKIE, MAX_BODY, Gate, local_location, path_ok, told
from claimtrack.serve.table import page_words

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from claimtrack.index import Index

__all__ = ["ServeApp"]

_HEADERS = {
    # Nothing from elsewhere: inline style only, no script, forms post here only.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

_MANY = frozenset({"ids"})
"""The form fields a page sends many times (the claims ticked in the table); every other
field is sent once."""

_ROUTES = Map([
    Rule("/", endpoint="claims", methods=["GET"]),
    Rule("/claims.json", endpoint="claims_json", methods=["GET"]),
    Rule("/claims.csv", endpoint="claims_csv", methods=["GET"]),
    Rule("/claim/<claim_id>.json", endpoint="claim_json", methods=["GET"]),
    Rule("/claim/<claim_id>", endpoint="claim", methods=["GET"]),
    Rule("/claim/<claim_id>/<action>", endpoint="write", methods=["POST"]),
    Rule("/queue", endpoint="queue", methods=["GET"]),
    Rule("/bulk", endpoint="bulk", methods=["POST"]),
    Rule("/actors", endpoint="actors", methods=["GET"]),
    Rule("/actors.json", endpoint="actors_json", methods=["GET"]),
    Rule("/actors/new", endpoint="actor_new", methods=["POST"]),
    Rule("/actor/<actor_id>.json", endpoint="actor_json", methods=["GET"]),
    Rule("/actor/<actor_id>", endpoint="actor", methods=["GET"]),
    Rule("/actor/<actor_id>/<action>", endpoint="actor_write", methods=["POST"]),
    # A form's address asked with GET (going back after an error): the page it is on.
    Rule("/claim/<claim_id>/<action>", endpoint="back", methods=["GET"]),
    Rule("/bulk", endpoint="back", methods=["GET"]),
    Rule("/actors/new", endpoint="back_actors", methods=["GET"]),
    Rule("/actor/<actor_id>/<action>", endpoint="back", methods=["GET"]),
])


@attrs.define
class ServeApp:
    """The page over one claims folder."""

    root: Path
    gate: Gate
    read_only: bool = False
    cache: bool = True
    reviewer: str = ""
    today: Callable[[], dt.date] = dt.date.today

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse
                 ) -> Iterable[bytes]:
        """Answer one request."""
        request = Request(environ)
        request.max_content_length = MAX_BODY
        try:
            response = self._respond(request)
        except HTTPException as error:  # a body over the limit
            response = pages.refusal(error.code or 400, error.description or "Bad request.")
        finally:
            _drain(request)
        response.headers.update(_HEADERS)
        return response(environ, start_response)

    def _respond(self, request: Request) -> Response:
        if not self.gate.host_ok(request.host):
            return pages.refusal(421, "This server answers only requests addressed to "
                                 f"{self.gate.host}:{self.gate.port}.")
        if not path_ok(request.path):
            return pages.refusal(400, "No page has a control character in its address.")
        given = request.args.get("token")
        if given is not None:
            if not self.gate.token_ok(given):
                return pages.refusal(403, "Wrong access token.")
            query = urlencode([(k, v) for k, v in request.args.items(multi=True)
                               if k != "token"])
            response = redirect(local_location(request.path, query), 303)
            response.set_cookie(COOKIE, self.gate.open_session(), httponly=True,
                                samesite="Strict", path="/")
            return response
        cookie = request.cookies.get(COOKIE)
        if not self.gate.session_ok(cookie):
            return pages.refusal(403, "This page needs its access token: open the URL "
                                 "`claimtrack serve` printed.")
        assert cookie is not None
        try:
            endpoint, values = _ROUTES.bind_to_environ(request.environ).match()
        except NotFound:
            return pages.refusal(404, "No such page.")
        except RequestRedirect as moved:  # /claim/x/ and /claim//x: the page's own address
            query = urlencode(list(request.args.items(multi=True)))
            return redirect(local_location(urlsplit(moved.new_url).path, query), 308)
        except HTTPException as error:
            return pages.refusal(error.code or 400, error.description or "Bad request.")
        if request.method == "POST":
            refused = self._write_refused(request, cookie)
            if refused is not None:
                return refused
        return self._answer(request, cookie, endpoint, values)

    def _write_refused(self, request: Request, cookie: str) -> Response | None:
        if self.read_only:
            return pages.refusal(403, "This server is read-only (--read-only).")
        origin = request.headers.get("Origin")
        if origin not in (None, "null") and origin != request.host_url.rstrip("/"):
            return pages.refusal(403, "A form from another site is refused.")
        if not self.gate.csrf_ok(cookie, request.form.get("csrf")):
            return pages.refusal(403, "The form's security token is missing or wrong; "
                                 "reload the page and try again.")
        twice = sorted(k for k, v in request.form.lists() if len(v) > 1 and k not in _MANY)
        if twice:  # which one was meant? The first alone would drop the others unsaid.
            return pages.refusal(400, f"The form sent the field '{twice[0]}' "
                                 f"{len(request.form.getlist(twice[0]))} times; a page "
                                 "sends it once: reload the page and try again.")
        return None

    def _answer(self, request: Request, cookie: str, endpoint: str,
                values: Mapping[str, Any]) -> Response:
        from claimtrack.index import Index, IndexFailedError

        context = pages.Context(csrf=self.gate.csrf(cookie), read_only=self.read_only,
                                reviewer=self.reviewer, today=self.today())
        for attempt in range(2):
            try:
                with Index.open(self.root, cache=self.cache) as index:
                    if endpoint == "write":
                        return self._write(index, request, values, context)
                    if endpoint in ("bulk", "actor_write", "actor_new"):
                        return desk.write(index, endpoint, request.form, values, context)
                    return desk.read(index, endpoint, told(request.args, csrf=context.csrf),
                                     values, context)
            except IndexFailedError as error:
                if attempt or request.method == "POST":  # never a form applied twice
                    return pages.refusal(409, str(error))
                # It is thrown away; the page is asked again of an index built anew.
            except ClaimtrackError as error:
                return pages.refusal(400, page_words(str(error), root=self.root))
        raise AssertionError("unreachable")

    def _write(self, index: Index, request: Request, values: Mapping[str, Any],
               context: pages.Context) -> Response:
        claim_id, action = values["claim_id"], values["action"]
        if not _exists(index, claim_id):
            return pages.refusal(404, f"No claim '{claim_id}': the claims table lists "
                                 "every claim.")
        queue = desk.queue_named(request.form.get("queue", ""))
        try:
            done, goto = forms.apply(index, claim_id, action, request.form,
                                     today=context.today, reviewer=self.reviewer)
        except ClaimtrackError as error:
            said = page_words(str(error), root=index.root)
            return pages.claim(index, claim_id, context, error=said,
                               status=409 if stale(error) else 400,
                               sent=(action, request.form), queue=queue)
        if queue is not None:  # on to the queue's next claim
            goto = desk.after_in_queue(index, queue, claim_id)
        return desk.see_other(goto, done, csrf=context.csrf)


def _drain(request: Request) -> None:
    """Read what is left of the request's body, so that the server, which reads leftovers
    until the client closes, never waits on a client that keeps its connection open."""
    with contextlib.suppress(Exception):
        stream = request.stream
        while stream.read(65536):
            pass


def _exists(index: Index, claim_id: str) -> bool:
    return bool(index.claims([claim_id]))


def stale(error: ClaimtrackError) -> bool:
    """Whether a refused edit was refused because the record changed under the form."""
    from claimtrack.edit.api import StaleFormError
    from claimtrack.files import ConflictError

    return isinstance(error, StaleFormError | ConflictError)
