"""The impact statistics on small vectors, against published examples and SciPy worked by hand."""

import math

import numpy as np
import pytest
from scipy import stats

from api.mentoring.service.statistics import (
    counted,
    difference_of_proportions,
    paired_change,
    proportion,
    wilson,
)


def test_paired_change_equals_the_t_interval_and_test_worked_by_hand() -> None:
    pre = [2.0, 3.0, 2.5, 4.0, 3.0, 1.5, 2.0]
    post = [3.0, 3.5, 2.5, 4.5, 4.0, 2.5, 2.0]
    diff = np.subtract(post, pre)
    n, mean, sd = len(diff), diff.mean(), diff.std(ddof=1)
    half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    t = mean / (sd / math.sqrt(n))
    figure = paired_change(pre, post)
    assert figure["n"] == 7
    assert figure["mean_change"] == pytest.approx(mean, abs=1e-12)
    assert figure["ci_low"] == pytest.approx(mean - half, abs=1e-9)
    assert figure["ci_high"] == pytest.approx(mean + half, abs=1e-9)
    assert figure["effect_size_dz"] == pytest.approx(mean / sd, abs=1e-9)
    assert figure["p_value"] == pytest.approx(2 * stats.t.sf(abs(t), n - 1), abs=1e-9)
    assert figure["withheld_reason"] is None


@pytest.mark.parametrize(("n", "shown"), [(0, False), (4, False), (5, True)])
def test_below_five_pairs_only_n_and_the_reason_are_given(n: int, shown: bool) -> None:
    figure = paired_change([1.0, 2.0, 3.0, 2.0, 1.0][:n], [2.0, 2.0, 4.0, 4.0, 1.0][:n])
    assert figure["n"] == n
    assert (figure["mean_change"] is not None) is shown
    assert (figure["p_value"] is not None) is shown
    assert figure["withheld_reason"] == (None if shown else "n below 5")


def test_pairs_that_all_moved_alike_have_no_test_or_effect_size() -> None:
    figure = paired_change([1.0, 2.0, 3.0, 2.0, 1.0], [2.0, 3.0, 4.0, 3.0, 2.0])
    assert figure["mean_change"] == 1.0
    assert figure["effect_size_dz"] is None
    assert figure["p_value"] is None
    assert figure["withheld_reason"] == "no variation in the differences"


def test_wilson_interval_matches_newcombes_published_example() -> None:
    # Newcombe (1998), Statistics in Medicine 17:857, table I: 81/263.
    low, high = wilson(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)


def test_newcombe_difference_matches_the_published_example() -> None:
    # Newcombe (1998), Statistics in Medicine 17:873, table II example (a): 56/70 - 48/80,
    # method 10: 0.0524 to 0.3339.
    figure = difference_of_proportions(56, 70, 48, 80)
    assert figure["value"] == pytest.approx(0.2, abs=1e-12)
    assert (round(figure["ci_low"], 4), round(figure["ci_high"], 4)) == (0.0524, 0.3339)
    assert "Newcombe" in figure["method"]


def test_a_difference_needs_five_in_each_group() -> None:
    figure = difference_of_proportions(3, 4, 20, 40)
    assert figure["value"] is None
    assert (figure["n"], figure["comparison_n"]) == (4, 40)
    assert figure["withheld_reason"] == "n below 5"
    assert proportion(3, 4)["value"] is None
    assert proportion(3, 5)["value"] == pytest.approx(0.6)


def test_a_descriptive_figure_keeps_its_n_when_withheld() -> None:
    assert counted(4.5, 4, "mean") == {
        "n": 4,
        "value": None,
        "method": "mean",
        "withheld_reason": "n below 5",
    }
    assert counted(4.5, 5, "mean")["value"] == 4.5
