"""Uniform numbers for the quantile functions: plain Monte Carlo or Latin hypercube.

Rows are variables (tasks, risks), columns are iterations: the layout the vectorised passes use.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["uniform_block"]


def uniform_block(rng: np.random.Generator, rows: int, iterations: int, *, lhs: bool = False,
                  dtype: type[np.float32] | type[np.float64] = np.float64
                  ) -> npt.NDArray[np.floating[Any]]:
    """Uniform numbers in (0, 1), shape ``(rows, iterations)``.

    Parameters
    ----------
    rng : numpy.random.Generator
        The source of randomness (the only one used).
    rows, iterations : int
        Number of variables and of iterations.
    lhs : bool
        Latin hypercube sampling: in every row, each of the ``iterations`` equal strata
        ``[j/N, (j+1)/N)`` holds exactly one number, and the strata are matched at random across
        rows. It spreads samples over each marginal evenly, which lowers the variance of
        estimates such as the mean finish; the marginals stay exactly uniform.
    dtype : numpy.float32 or numpy.float64
        Precision of the numbers (a simulation samples in float32).
    """
    if rows == 0 or iterations == 0:
        return np.zeros((rows, iterations), dtype=dtype)
    jitter = rng.random((rows, iterations), dtype=dtype)
    if not lhs:
        return jitter
    strata = np.broadcast_to(np.arange(iterations, dtype=dtype), (rows, iterations))
    cells = rng.permuted(strata, axis=1)
    cells += jitter
    cells /= dtype(iterations)
    # float32 rounding could reach 1.0 at the top stratum
    np.minimum(cells, np.nextafter(dtype(1), dtype(0)), out=cells)
    return cells
