"""``claimtrack serve``: review, accept, edit and link in a browser, on this machine."""

from __future__ import annotations

from typing import Annotated

import typer

from claimtrack.cli._app import app, claims_dir, errors_as_exit_codes, use_cache


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on (only this machine by "
                                      "default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port; 0 picks a free one.", min=0,
                                      max=65535)] = 8000,
    read_only: Annotated[bool, typer.Option("--read-only", help="Show the claims; refuse "
                                            "every change.")] = False,
) -> None:
    """A local web page over the claims folder: the claims table with the filters, each
    claim in full, forms to review, accept, edit, link and remove.

    The first line printed is the URL to open, with its access token ($CLAIMTRACK_TOKEN
    fixes it). Every write is the same locked, checked, lossless edit as the command line's.
    """
    from claimtrack.serve import serve as run

    root = claims_dir(ctx)
    with errors_as_exit_codes():
        run(root, host=host, port=port, read_only=read_only, cache=use_cache(ctx))
