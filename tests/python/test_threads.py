"""Concurrent calls from several Python threads on shared read-only arrays give the results of
a single-threaded run (the C++ loops release the GIL and share nothing mutable)."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np

import attain


def test_concurrent_calls_on_shared_read_only_arrays():
    rng = np.random.default_rng(0)
    eligible = rng.integers(1, 10**9, 400_000)
    done = (eligible * rng.random(400_000)).astype(np.int64)
    for a in (done, eligible):
        a.flags.writeable = False
    panel = attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10)

    def work(k):
        return (
            attain.completion_ratio(done, eligible),
            attain.target_gap(done, eligible, 0.4 + k / 100).shortfall,
            attain.proportion_ci(done[:1000], eligible[:1000], method="wilson").low,
            panel.at("2021-06").to_frame()["ratio"].to_numpy(),
        )

    expected = [work(k) for k in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(8)))
    for got, want in zip(results, expected):
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w)
