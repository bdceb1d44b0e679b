"""`bench --section parallel` at its quick sizes: every row's parallel results equal the serial
ones (the bench's own check), the Dask row included; no timing is asserted."""
import io

import pytest

from lesto.cli import bench_parallel as B


@pytest.mark.dask
def test_quick_parallel_section_checks_every_row():
    pytest.importorskip("distributed")
    out = io.StringIO()
    rows = B.run_section(quick=True, out=out, with_numba=False)["rows"]
    assert [r.get("ok") for r in rows] == [True] * 6, rows
    text = out.getvalue()
    assert "RESULTS DIFFER" not in text
    for r in rows:
        assert r["name"] in text
    d = rows[5]
    assert d["one process"] > 0 and d["2 workers"] > 0


@pytest.mark.dask
def test_dask_row_gives_results_in_chunk_order():
    """The Dask row runs chunk k on worker k % 2 and must put the results back in chunk order
    (an odd count: the two workers get different numbers of chunks)."""
    pytest.importorskip("distributed")
    row = B.dask_row(5, 1000, 1)
    assert row["ok"] is True
