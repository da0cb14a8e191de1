"""The paired figure from SQL's sums equals the one from the pairs themselves."""

import numpy as np
import pytest
from scipy import stats

from api.mentoring.service.statistics import PairedSums, paired_change, paired_change_of


def sums_of(pre: list[float], post: list[float]) -> PairedSums:
    change = np.subtract(post, pre)
    return PairedSums(
        n=len(pre),
        pre=float(np.sum(pre)),
        post=float(np.sum(post)),
        change=float(change.sum()),
        change_squared=float((change * change).sum()),
        least_change=float(change.min()) if len(pre) else 0.0,
        most_change=float(change.max()) if len(pre) else 0.0,
    )


def test_sums_of_many_pairs_give_the_figure_of_the_pairs() -> None:
    rng = np.random.default_rng(13)
    pre = list(rng.integers(1, 6, 3000) / rng.integers(1, 4, 3000))
    post = list(np.clip(np.asarray(pre) + rng.normal(0.05, 0.9, 3000), 1, 5))
    from_pairs, from_sums = paired_change(pre, post), paired_change_of(sums_of(pre, post))
    assert from_sums["withheld_reason"] is None
    for name in ("mean_pre", "mean_post", "mean_change", "ci_low", "ci_high", "effect_size_dz"):
        assert from_sums[name] == pytest.approx(from_pairs[name], abs=1e-12), name
    assert from_sums["p_value"] == pytest.approx(from_pairs["p_value"], abs=1e-12)
    assert from_pairs["p_value"] == pytest.approx(stats.ttest_rel(post, pre).pvalue, abs=1e-12)


def test_pairs_that_all_moved_alike_have_no_spread_from_their_sums_either() -> None:
    pre = [1.25, 2.5, 3.75, 1.5, 2.25, 4.0]
    post = [value + 0.5 for value in pre]
    figure = paired_change_of(sums_of(pre, post))
    assert figure["withheld_reason"] == "no variation in the differences"
    assert figure["effect_size_dz"] is None
    assert figure["p_value"] is None
    assert figure["ci_low"] == figure["ci_high"] == figure["mean_change"]


@pytest.mark.parametrize(("n", "shown"), [(0, False), (4, False), (5, True)])
def test_below_five_pairs_the_sums_give_only_n_and_the_reason(n: int, shown: bool) -> None:
    pre, post = [1.0, 2.0, 3.0, 2.0, 1.0][:n], [2.0, 2.0, 4.0, 4.0, 1.0][:n]
    figure = paired_change_of(sums_of(pre, post))
    assert figure["n"] == n
    assert (figure["mean_change"] is not None) is shown
    assert figure == paired_change(pre, post) | ({} if shown else {"n": n})
