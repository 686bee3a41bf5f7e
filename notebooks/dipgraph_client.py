"""A small client for the dipgraph API, for notebooks and scripts.

    from dipgraph_client import Client
    dg = Client("http://127.0.0.1:8080")
    data = dg.query("{ country(code: \"CN\") { name } }")
    for event in dg.paginate(EVENTS_QUERY, {"filter": {"types": ["MEET"]}}, "events"):
        ...
    graphml = dg.export("graphml", countries=["CN", "RU"])

Only the standard library: no dependency beyond Python 3.9.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Optional

__all__ = ["Client", "DipgraphError", "EXPORT_FORMATS", "default_url"]

EXPORT_FORMATS = ("graphml", "gexf", "csv", "json")


def default_url() -> str:
    """The server to talk to: $DIPGRAPH_URL, else the local default."""
    return os.environ.get("DIPGRAPH_URL", "http://127.0.0.1:8080")


class DipgraphError(Exception):
    """An error answer of the API.

    ``errors`` holds the GraphQL errors (each a dict with ``message`` and,
    when the server gives one, ``extensions.code``); ``code`` is the first
    error's code, or for an HTTP error the ``code`` of its JSON body;
    ``status`` is the HTTP status.
    """

    def __init__(self, message: str, *, status: Optional[int] = None,
                 code: Optional[str] = None, errors: Optional[list] = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.errors = errors or []


class Client:
    """Talks to one dipgraph server over HTTP."""

    def __init__(self, url: Optional[str] = None, *, timeout: float = 60.0):
        self.url = (url or default_url()).rstrip("/")
        self.timeout = timeout

    # -- low level --------------------------------------------------------

    def _open(self, req: urllib.request.Request) -> tuple[int, dict, bytes]:
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.status, dict(resp.headers.items()), resp.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers.items()), e.read()
        except urllib.error.URLError as e:
            raise DipgraphError(f"cannot reach dipgraph at {self.url}: {e.reason}") from e

    @staticmethod
    def _error_from_body(status: int, body: bytes, what: str) -> DipgraphError:
        try:
            doc = json.loads(body)
        except ValueError:
            doc = None
        if isinstance(doc, dict):
            if doc.get("errors"):
                return _graphql_error(doc["errors"], status)
            if doc.get("error"):
                return DipgraphError(f"{what}: HTTP {status}: {doc['error']}", status=status, code=doc.get("code"))
        text = body[:200].decode("utf-8", "replace")
        return DipgraphError(f"{what}: HTTP {status}: {text}", status=status)

    # -- GraphQL ----------------------------------------------------------

    def query(self, query: str, variables: Optional[Mapping[str, Any]] = None) -> dict:
        """POSTs a GraphQL query and returns its ``data``.

        Raises DipgraphError when the answer carries errors (even with
        partial data: a notebook should not go on with half an answer),
        when the HTTP status is not 200, or when the body is not JSON.
        """
        payload = {"query": query}
        if variables:
            payload["variables"] = dict(variables)
        req = urllib.request.Request(
            self.url + "/query",
            data=json.dumps(payload).encode("utf-8"),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        status, _, body = self._open(req)
        if status != 200:
            raise self._error_from_body(status, body, "query")
        try:
            doc = json.loads(body)
        except ValueError as e:
            raise DipgraphError(f"query: the answer is not JSON: {body[:200]!r}", status=status) from e
        if doc.get("errors"):
            raise _graphql_error(doc["errors"], status)
        if doc.get("data") is None:
            raise DipgraphError("query: the answer has neither data nor errors", status=status)
        return doc["data"]

    def paginate(self, query: str, variables: Optional[Mapping[str, Any]] = None,
                 path: str = "events", *, page_size: int = 100,
                 limit: Optional[int] = None) -> Iterator[dict]:
        """Yields the nodes of a Relay connection, page after page.

        ``query`` must declare ``$first: Int`` and ``$after: String``, pass
        them to the connection, and select ``nodes { ... }`` and
        ``pageInfo { hasNextPage endCursor }``. ``path`` is where the
        connection is in ``data``, dotted (``"events"``,
        ``"country.events"``). ``limit`` stops after that many nodes.
        """
        if not 1 <= page_size <= 100:
            raise ValueError(f"page_size {page_size}: the API serves 1 to 100 items a page")
        vars_ = dict(variables or {})
        after = None
        count = 0
        while True:
            vars_.update(first=page_size, after=after)
            conn = _dig(self.query(query, vars_), path)
            if "nodes" not in conn or "pageInfo" not in conn:
                raise DipgraphError(f"paginate: the connection at {path!r} lacks nodes or pageInfo; select both")
            for node in conn["nodes"]:
                yield node
                count += 1
                if limit is not None and count >= limit:
                    return
            info = conn["pageInfo"]
            if not info.get("hasNextPage"):
                return
            if not info.get("endCursor") or info["endCursor"] == after:
                raise DipgraphError(f"paginate: the server gave no new cursor at {path!r}")
            after = info["endCursor"]

    # -- exports ----------------------------------------------------------

    def export(self, fmt: str = "graphml", *, countries: Iterable[str] = (),
               topics: Iterable[str] = (), types: Iterable[str] = (),
               date_from: Optional[str] = None, date_to: Optional[str] = None) -> bytes:
        """Downloads an export (GET /export/{fmt}) and returns its bytes.

        ``fmt`` is graphml, gexf, csv (a zip of nodes.csv and edges.csv)
        or json. The selection: events in which all ``countries`` take
        part, about any of ``topics``, of any of ``types``, dated from
        ``date_from`` to ``date_to`` (YYYY-MM-DD); nothing selects the whole
        graph. A refused selection raises DipgraphError with the server's
        message and code (BAD_SELECTION, EXPORT_TOO_LARGE...).
        """
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"format {fmt!r}: want one of {', '.join(EXPORT_FORMATS)}")
        params = []
        for name, values in (("countries", countries), ("topics", topics), ("types", types)):
            values = [values] if isinstance(values, str) else list(values)
            if values:
                params.append((name, ",".join(values)))
        if date_from:
            params.append(("from", date_from))
        if date_to:
            params.append(("to", date_to))
        url = f"{self.url}/export/{fmt}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        status, _, body = self._open(urllib.request.Request(url, method="GET"))
        if status != 200:
            raise self._error_from_body(status, body, f"export {fmt}")
        return body

    def export_to(self, path: os.PathLike | str, fmt: str = "graphml", **selection: Any) -> Path:
        """Downloads an export into a file and returns its path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.export(fmt, **selection))
        return path

    # -- health -----------------------------------------------------------

    def wait_ready(self, timeout: float = 60.0, interval: float = 0.5) -> None:
        """Waits until GET /readyz answers 200; DipgraphError after timeout seconds."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                status, _, _ = self._open(urllib.request.Request(self.url + "/readyz"))
                if status == 200:
                    return
                last = f"HTTP {status}"
            except DipgraphError as e:
                last = str(e)
            time.sleep(interval)
        raise DipgraphError(f"dipgraph at {self.url} not ready after {timeout:g} s ({last})")


def _graphql_error(errors: list, status: int) -> DipgraphError:
    first = errors[0] if errors and isinstance(errors[0], dict) else {}
    code = (first.get("extensions") or {}).get("code")
    messages = "; ".join(str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in errors)
    return DipgraphError(f"GraphQL error{'s' if len(errors) > 1 else ''}: {messages}"
                         + (f" [{code}]" if code else ""), status=status, code=code, errors=errors)


def _dig(data: dict, path: str) -> dict:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict) or node.get(part) is None:
            raise DipgraphError(f"paginate: nothing at {path!r} in the answer (stopped at {part!r})")
        node = node[part]
    return node
