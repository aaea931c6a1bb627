"""Tiny levelling instances, random ones with every link type, and the PSPLIB path."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from jalon.engine.levelling import Instance

ROOT = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("JALON_SHARED_DATA", ROOT.parent / "shared" / "data"))
J301_1 = SHARED / "psplib" / "j30" / "j301_1.sm"


def random_instance(rng: np.random.Generator, n: int, *, resources: int = 2,
                    max_duration: int = 3, capacity: int = 3, link_density: float = 0.35,
                    lags: tuple[int, int] = (-2, 3)) -> Instance:
    """Random acyclic network (links go from lower to higher positions) of all four types."""
    durations = rng.integers(0, max_duration + 1, n)
    demands = rng.integers(0, capacity + 1, (n, resources))
    links = []
    for i in range(n):
        for j in range(i + 1, n):
            if rng.random() < link_density:
                kind = ("FS", "SS", "FF", "SF")[int(rng.integers(4))]
                links.append((i, j, kind, int(rng.integers(lags[0], lags[1] + 1))))
    return Instance.from_arrays(durations, demands, [capacity] * resources, links,
                                ids=[chr(ord("A") + i) for i in range(n)])


@pytest.fixture
def j301_1() -> Path:
    if not J301_1.is_file():
        pytest.skip("shared PSPLIB data not available")
    return J301_1
