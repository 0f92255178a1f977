"""claimtrack serve refuses every write without the token, with a wrong CSRF token, from a
foreign Host or Origin, when read-only, or from a stale form; and then no byte changes."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import serve_session as session
from werkzeug.test import Client, TestResponse

from claimtrack.serve.app import ServeApp
from claimtrack.serve.security import COOKIE, Gate

BASE = "http://127.0.0.1:8123"
TOKEN = "security-test-token-0123456789"

FORMS = {
    "review": {"status": "disputed", "note": "x", "date": "2026-02-02", "by": "x"},
    "accept": {"by": "x", "date": "2026-02-02"},
    "edit": {"statement": "Changed."},
    "appearance": {"appearance": "1", "framing": "alleged"},
    "link": {"type": "supports", "target": session.LINK["target"]},
    "remove": {"confirm": "yes", "unlink": "yes"},
}
"""A valid submission of every form, on the session's draft."""


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(str(path).encode() + path.read_bytes())
    return h.hexdigest()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return session.copy_folder(tmp_path)


def _app(root: Path, *, read_only: bool = False) -> ServeApp:
    return ServeApp(root=root, gate=Gate(token=TOKEN, host="127.0.0.1", port=8123),
                    read_only=read_only, cache=False, reviewer="Desk",
                    today=lambda: dt.date(2026, 2, 2))


def _signed_in(app: ServeApp) -> tuple[Client, str]:
    """A client holding a session cookie, and its CSRF token."""
    client = Client(app)
    response = client.get(f"/?token={TOKEN}", base_url=BASE)
    assert response.status_code == 303
    cookie = client.get_cookie(COOKIE, domain="127.0.0.1")
    assert cookie is not None
    return client, app.gate.csrf(cookie.value)


def _version(client: Client) -> str:
    page = client.get(f"/claim/{session.DRAFT}", base_url=BASE).get_data(as_text=True)
    found = re.search(r'name="version" value="([0-9a-f]+)"', page)
    assert found
    return found.group(1)


def _post(client: Client, action: str, fields: dict[str, str], **headers: str
          ) -> TestResponse:
    return client.post(f"/claim/{session.DRAFT}/{action}", data=fields, base_url=BASE,
                       headers=headers)


@pytest.mark.parametrize("action", sorted(FORMS))
def test_a_valid_form_is_applied(folder: Path, action: str) -> None:
    """The refusals below are refusals: the same forms, sent properly, do write."""
    client, csrf = _signed_in(_app(folder))
    before = _digest(folder)
    fields = {**FORMS[action], "csrf": csrf, "version": _version(client)}
    response = _post(client, action, fields)
    assert response.status_code == 303, response.get_data(as_text=True)
    assert _digest(folder) != before


@pytest.mark.parametrize("action", sorted(FORMS))
def test_without_the_token_every_request_is_refused(folder: Path, action: str) -> None:
    app = _app(folder)
    before = _digest(folder)
    client = Client(app)
    assert client.get("/", base_url=BASE).status_code == 403
    assert client.get(f"/claim/{session.DRAFT}", base_url=BASE).status_code == 403
    assert client.get("/?token=wrong-token-0123456789", base_url=BASE).status_code == 403
    client.set_cookie(COOKIE, "made-up-session", domain="127.0.0.1")
    assert _post(client, action, {**FORMS[action], "csrf": "x"}).status_code == 403
    assert _digest(folder) == before


@pytest.mark.parametrize("action", sorted(FORMS))
@pytest.mark.parametrize("csrf", ["", "wrong", "other session"])
def test_a_wrong_csrf_token_is_refused(folder: Path, action: str, csrf: str) -> None:
    app = _app(folder)
    client, _ = _signed_in(app)
    if csrf == "other session":
        _, csrf = _signed_in(app)
    before = _digest(folder)
    fields = {**FORMS[action], "version": _version(client)}
    if csrf:
        fields["csrf"] = csrf
    response = _post(client, action, fields)
    assert response.status_code == 403
    assert "security token" in response.get_data(as_text=True)
    assert _digest(folder) == before


@pytest.mark.parametrize("action", sorted(FORMS))
def test_a_foreign_host_is_refused(folder: Path, action: str) -> None:
    client, csrf = _signed_in(_app(folder))
    fields = {**FORMS[action], "csrf": csrf, "version": _version(client)}
    before = _digest(folder)
    for host in ("evil.example:8123", "localhost:8123", "127.0.0.1:9999", "127.0.0.1"):
        response = _post(client, action, fields, Host=host)
        assert response.status_code == 421, host
        assert client.get("/", base_url=BASE, headers={"Host": host}).status_code == 421
    assert _digest(folder) == before


@pytest.mark.parametrize("action", sorted(FORMS))
def test_a_form_from_another_site_is_refused(folder: Path, action: str) -> None:
    client, csrf = _signed_in(_app(folder))
    fields = {**FORMS[action], "csrf": csrf, "version": _version(client)}
    before = _digest(folder)
    response = _post(client, action, fields, Origin="http://evil.example")
    assert response.status_code == 403
    assert _digest(folder) == before


@pytest.mark.parametrize("action", sorted(FORMS))
def test_read_only_refuses_every_write(folder: Path, action: str) -> None:
    client, csrf = _signed_in(_app(folder, read_only=True))
    page = client.get(f"/claim/{session.DRAFT}", base_url=BASE).get_data(as_text=True)
    assert "<form" not in page
    before = _digest(folder)
    fields = {**FORMS[action], "csrf": csrf, "version": "0" * 16}
    response = _post(client, action, fields)
    assert response.status_code == 403
    assert "read-only" in response.get_data(as_text=True)
    assert _digest(folder) == before


@pytest.mark.parametrize("action", sorted(FORMS))
def test_a_stale_form_is_refused(folder: Path, action: str) -> None:
    client, csrf = _signed_in(_app(folder))
    stale = _version(client)
    assert _post(client, "edit", {"notes": "Changed meanwhile.", "csrf": csrf,
                                  "version": stale}).status_code == 303
    before = _digest(folder)
    response = _post(client, action, {**FORMS[action], "csrf": csrf, "version": stale})
    assert response.status_code == 409
    assert "changed since this form was shown" in response.get_data(as_text=True)
    assert _digest(folder) == before


def test_values_from_the_folder_are_escaped(folder: Path) -> None:
    toml = folder / "pier.toml"
    toml.write_text(toml.read_text().replace(
        'notes = "cue: It was reported"', 'notes = "<script>alert(1)</script>"').replace(
        'title = "Harbour pier collapse"\ntext', 'title = "Harbour pier collapse"\n'
        'url = "javascript:alert(2)"\ntext'))
    client, _ = _signed_in(_app(folder))
    page = client.get(f"/claim/{session.DRAFT}", base_url=BASE).get_data(as_text=True)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "javascript:" not in page  # a document's address is linked only when it is web
    response = client.get(f"/claim/{session.DRAFT}", base_url=BASE)
    assert "script-src" not in response.headers["Content-Security-Policy"]


@pytest.fixture
def read_only_server(folder: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    env = {**os.environ, "CLAIMTRACK_TOKEN": TOKEN, "CLAIMTRACK_CACHE_DIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "claimtrack", "--claims", str(folder),
                             "serve", "--port", "0", "--read-only"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        yield proc.stdout.readline().strip(), folder
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_command_binds_loopback_and_honours_read_only(
        read_only_server: tuple[str, Path]) -> None:
    url, folder = read_only_server
    assert url.startswith("http://127.0.0.1:") and url.endswith(f"/?token={TOKEN}")
    before = _digest(folder)
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    with opener.open(url) as response:  # the token becomes a cookie
        assert response.status == 200
        assert "read-only" in response.read().decode()
    base = url.split("?")[0]
    post = urllib.request.Request(f"{base}claim/{session.DRAFT}/review",
                                  data=b"status=disputed&csrf=x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        opener.open(post)
    assert refused.value.code == 403
    foreign = urllib.request.Request(base, headers={"Host": "rebound.example"})
    with pytest.raises(urllib.error.HTTPError) as misdirected:
        opener.open(foreign)
    assert misdirected.value.code == 421
    assert _digest(folder) == before


def test_a_client_holding_its_connection_open_holds_up_nobody(
        read_only_server: tuple[str, Path]) -> None:
    """A request whose body arrives while the page is being made, from a client that keeps
    its connection open (a browser; a refused form still referenced), must not stop the
    server answering the next request."""
    import http.cookiejar
    import socket
    import time

    url, _ = read_only_server
    host, port = url.split("/")[2].split(":")
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(url, timeout=10).close()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    idle = socket.create_connection((host, int(port)), timeout=10)
    try:
        # The page takes a moment to make (the index is opened): the body comes meanwhile.
        idle.sendall(f"GET / HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n"
                     "Content-Length: 5\r\n\r\n".encode())
        time.sleep(0.01)
        idle.sendall(b"xxxxx")
        assert idle.recv(12).startswith(b"HTTP/1.")
        with opener.open(url.split("?")[0], timeout=10) as response:
            assert response.status == 200
    finally:
        idle.close()


@pytest.mark.parametrize(("query", "shown"), [
    ("", 9), ("?tag=draft", 4), ("?tag=draft&search=inspection", 1),
    ("?status=refuted", 0), ("?by=MoP&kind=denial", 1), ("?flagged=yes&tag=draft", 4),
])
def test_the_table_filters_as_list_does(folder: Path, query: str, shown: int) -> None:
    client, _ = _signed_in(_app(folder))
    page = client.get(f"/{query}", base_url=BASE).get_data(as_text=True)
    assert page.count('<tr id="c-') == shown
    assert f"{shown} claim" in page
    if not shown:
        assert "No claim matches these filters." in page


def test_a_bad_filter_value_is_said_not_ignored(folder: Path) -> None:
    client, _ = _signed_in(_app(folder))
    response = client.get("/?status=unverifed", base_url=BASE)
    assert response.status_code == 400  # the page, with the filters to correct
    assert "status: unknown status &#39;unverifed&#39;" in response.get_data(as_text=True)


def test_browser_and_command_line_edits_are_serialised(folder: Path, tmp_path: Path) -> None:
    """Reviews posted to the page while the command line adds its own: all of them land,
    each whole, and the folder stays sound (both take the folder lock)."""
    from support import check_folder

    from claimtrack.index import Index

    per_side = 5
    env = {**os.environ, "CLAIMTRACK_CLAIMS": str(folder),
           "CLAIMTRACK_CACHE_DIR": str(tmp_path / "cli-cache")}
    script = ("import sys\nfrom claimtrack.cli import main\n"
              f"for n in range({per_side}):\n"
              f"    sys.argv = ['claimtrack', 'review', '{session.DRAFT}', '--status', "
              "'disputed', '--date', '2026-02-02', '--note', f'cli-{n}']\n"
              "    try:\n        main()\n    except SystemExit:\n        pass\n")
    cli = subprocess.Popen([sys.executable, "-c", script], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    client, csrf = _signed_in(_app(folder))
    for n in range(per_side):
        response = _post(client, "review", {"status": "refuted", "date": "2026-02-02",
                                            "note": f"web-{n}", "csrf": csrf})
        assert response.status_code == 303, response.get_data(as_text=True)
    _, errors = cli.communicate(timeout=120)
    assert cli.returncode == 0 and "Traceback" not in errors, errors
    with Index.open(folder, cache=False) as index:
        notes = {r.note for r in index.claims([session.DRAFT])[0].reviews}
    assert {f"cli-{n}" for n in range(per_side)} <= notes
    assert {f"web-{n}" for n in range(per_side)} <= notes
    assert check_folder(folder).ok
