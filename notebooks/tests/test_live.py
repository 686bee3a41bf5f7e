"""The client against a real dipgraph server loaded with the fixtures
(scripts/notebook-test.sh starts one and sets DIPGRAPH_URL)."""

import io
import os
import zipfile

import networkx as nx
import pytest

from dipgraph_client import Client, DipgraphError

pytestmark = pytest.mark.skipif(not os.environ.get("DIPGRAPH_URL"), reason="DIPGRAPH_URL is not set: no live server")


@pytest.fixture(scope="module")
def dg():
    c = Client()
    c.wait_ready(timeout=60)
    return c


def test_paginates_every_meeting(dg):
    q = """query($first: Int, $after: String, $filter: EventFilter) {
      events(first: $first, after: $after, filter: $filter) {
        totalCount nodes { key } pageInfo { hasNextPage endCursor } } }"""
    total = dg.query(q, {"first": 1, "filter": {"types": ["MEET"]}})["events"]["totalCount"]
    keys = [e["key"] for e in dg.paginate(q, {"filter": {"types": ["MEET"]}}, "events", page_size=7)]
    assert total > 7
    assert len(keys) == total == len(set(keys))


def test_graphml_export_opens_in_networkx(dg, tmp_path):
    path = dg.export_to(tmp_path / "cn-ru.graphml", "graphml", countries=["CN", "RU"])
    g = nx.read_graphml(path)
    assert g.nodes["Country:CN"]["name"] == "China"
    events = [n for n, d in g.nodes(data=True) if d["kind"] == "Event"]
    assert events
    for e in events:
        countries = {v for v in g.successors(e) if g.nodes[v]["kind"] == "Country"}
        assert {"Country:CN", "Country:RU"} <= countries


def test_csv_export_is_a_zip_of_two_files(dg):
    z = zipfile.ZipFile(io.BytesIO(dg.export("csv", types=["MEET"])))
    assert z.namelist() == ["nodes.csv", "edges.csv"]


def test_bad_selection_is_a_clear_error(dg):
    with pytest.raises(DipgraphError) as e:
        dg.export("json", countries=["XX"])
    assert e.value.status == 400 and e.value.code == "BAD_SELECTION"
