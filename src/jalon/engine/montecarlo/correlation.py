"""Rank correlation between task durations: the Iman-Conover method.

Iman & Conover (1982), "A distribution-free approach to inducing rank correlation among input
variables". The samples of each variable are only *reordered* across iterations, so every
task's marginal distribution is kept exactly; the reordering copies the ranks of a matrix of
normal scores whose correlation is the target.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from jalon.engine import messages as m
from jalon.errors import ValidationFailed
from jalon.i18n import Ref

__all__ = ["correlation_matrix", "iman_conover"]


def correlation_matrix(names: list[str], pairs: list[tuple[str, str, float]]) -> np.ndarray:
    """The target matrix for ``names`` from ``(a, b, rho)`` pairs (others 0).

    Raises
    ------
    ValidationFailed
        A rho outside [-1, 1], a task correlated with itself, or a set of pairs that no joint
        distribution can have (the matrix is not positive definite).
    """
    index = {name: i for i, name in enumerate(names)}
    matrix = np.eye(len(names))
    for a, b, rho in pairs:
        if a == b:
            raise ValidationFailed(m.ABOUT(owner=m.correlation(a, b),
                                           problem=m.SELF_CORRELATION()), field="correlations")
        if not -1.0 <= rho <= 1.0:
            raise ValidationFailed(m.ABOUT(owner=m.correlation(a, b),
                                           problem=m.RHO(value=float(rho))), field="correlations")
        matrix[index[a], index[b]] = matrix[index[b], index[a]] = rho
    try:
        np.linalg.cholesky(matrix)
    except np.linalg.LinAlgError:
        raise ValidationFailed(
            m.CORRELATIONS_INCONSISTENT(tasks=[Ref.task(name) for name in names]),
            field="correlations") from None
    return matrix


def iman_conover(samples: np.ndarray, target: np.ndarray, rng: np.random.Generator
                 ) -> np.ndarray:
    """Reorder each row of ``samples`` so that the rows' rank correlation nears ``target``.

    Parameters
    ----------
    samples : numpy.ndarray
        Shape ``(k, N)``: ``N`` samples of ``k`` variables (e.g. uniform numbers before the
        quantile functions, or durations).
    target : numpy.ndarray
        Shape ``(k, k)``: the wanted correlation matrix (positive definite).
    rng : numpy.random.Generator
        Shuffles the scores.

    Returns
    -------
    numpy.ndarray
        The same values, each row permuted. The rank correlation matches ``target`` up to
        sampling noise (of order ``1 / sqrt(N)``).
    """
    k, count = samples.shape
    if k < 2 or count < 3:
        return samples.copy()
    scores = special.ndtri(np.arange(1, count + 1) / (count + 1.0))  # van der Waerden
    shuffled = rng.permuted(np.broadcast_to(scores, (k, count)), axis=1)
    observed = np.corrcoef(shuffled)
    # T = S . inv(F)' . P' with E = F F' and C = P P': T's correlation is exactly C.
    lower_e = np.linalg.cholesky(observed)
    lower_c = np.linalg.cholesky(target)
    transform = lower_c @ np.linalg.inv(lower_e)
    wanted = transform @ shuffled
    ranks = np.argsort(np.argsort(wanted, axis=1), axis=1)
    return np.take_along_axis(np.sort(samples, axis=1), ranks, axis=1)
