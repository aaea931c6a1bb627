"""The activity network as arrays: summaries expanded, links numbered, levels computed.

Summary activities (those named as another activity's ``parent``) are not scheduled themselves:
a link to or from a summary is replaced by the same link to or from every leaf activity below
it, and the summary's dates are rolled up from those leaves afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from jalon.engine import messages as m
from jalon.engine.model import Plan
from jalon.errors import CycleError
from jalon.i18n import Chain, Ref

__all__ = ["Levels", "Network", "build_network", "topological_levels"]

FS, SS, FF, SF = range(4)


@dataclass
class Network:
    """Leaf activities and expanded links of a plan, as arrays.

    Attributes
    ----------
    ids : list[str]
        Activity ids, in the plan's order (rows).
    leaf_rows : numpy.ndarray
        For each network node, the row of its activity in ``plan.activities``.
    pred, succ : numpy.ndarray
        Node numbers of each link's predecessor and successor.
    kind : numpy.ndarray
        Link type codes 0-3 for FS, SS, FF, SF.
    lag : numpy.ndarray
        Link lags in working days.
    summary_rows : numpy.ndarray
        Rows of the summary activities in ``plan.activities``.
    summary_leaves : list[numpy.ndarray]
        For each summary, the node numbers of its leaf descendants.
    elapsed : numpy.ndarray or None
        Per link, whether its lag is in elapsed days; None when no link has one.
    """

    ids: list[str]
    leaf_rows: np.ndarray
    pred: np.ndarray
    succ: np.ndarray
    kind: np.ndarray
    lag: np.ndarray
    summary_rows: np.ndarray
    summary_leaves: list[np.ndarray]
    elapsed: np.ndarray | None = None

    @property
    def size(self) -> int:
        """Number of nodes (leaf activities)."""
        return len(self.leaf_rows)


def build_network(plan: Plan) -> Network:
    """Number the plan's leaf activities and expand links to and from summaries.

    Parameters
    ----------
    plan : Plan
        A validated plan.

    Returns
    -------
    Network
        Arrays describing the leaf network.
    """
    columns = plan.columns
    ids = columns.ids
    parent_of = columns.parent_of
    links = columns.links
    pred_rows, succ_rows = links.predecessor, links.successor
    kind, lag, elapsed = links.kind, links.lag, links.elapsed
    if not parent_of:
        return Network(
            ids=ids,
            leaf_rows=np.arange(len(ids)),
            pred=pred_rows,
            succ=succ_rows,
            kind=kind,
            lag=lag,
            summary_rows=np.zeros(0, dtype=np.int64),
            summary_leaves=[],
            elapsed=elapsed,
        )

    summaries = set(parent_of.values())
    leaf_rows = np.array([row for row, i in enumerate(ids) if i not in summaries], dtype=np.int64)
    node_of_row = np.full(len(ids), -1, dtype=np.int64)
    node_of_row[leaf_rows] = np.arange(len(leaf_rows))
    leaves_below: dict[str, list[int]] = {s: [] for s in summaries}
    for row in leaf_rows.tolist():
        node = parent_of.get(ids[row])
        while node is not None:
            leaves_below[node].append(int(node_of_row[row]))
            node = parent_of.get(node)
    summary_rows = np.array(
        [row for row, i in enumerate(ids) if i in summaries], dtype=np.int64
    )
    summary_leaves = [np.array(leaves_below[ids[row]], dtype=np.int64) for row in summary_rows]

    pred_nodes = node_of_row[pred_rows]
    succ_nodes = node_of_row[succ_rows]
    plain = (pred_nodes >= 0) & (succ_nodes >= 0)
    extra_pred: list[int] = []
    extra_succ: list[int] = []
    extra_index: list[int] = []
    for index in np.flatnonzero(~plain).tolist():
        before = _nodes(ids, pred_rows[index], node_of_row, leaves_below)
        after = _nodes(ids, succ_rows[index], node_of_row, leaves_below)
        for p in before:
            for s in after:
                extra_pred.append(p)
                extra_succ.append(s)
                extra_index.append(index)
    taken = np.concatenate([np.flatnonzero(plain), np.array(extra_index, dtype=np.int64)])
    return Network(
        ids=ids,
        leaf_rows=leaf_rows,
        pred=np.concatenate([pred_nodes[plain], np.array(extra_pred, dtype=np.int64)]),
        succ=np.concatenate([succ_nodes[plain], np.array(extra_succ, dtype=np.int64)]),
        kind=kind[taken],
        lag=lag[taken],
        summary_rows=summary_rows,
        summary_leaves=summary_leaves,
        elapsed=None if elapsed is None else elapsed[taken],
    )


def _nodes(
    ids: list[str], row: int, node_of_row: np.ndarray, leaves_below: dict[str, list[int]]
) -> list[int]:
    node = int(node_of_row[row])
    return [node] if node >= 0 else leaves_below[ids[row]]


@dataclass
class Levels:
    """Nodes grouped by topological level (longest chain of links from a node without any).

    Attributes
    ----------
    order : numpy.ndarray
        Node numbers, level by level; every link goes from an earlier to a later level.
    bounds : numpy.ndarray
        ``order[bounds[k]:bounds[k + 1]]`` are the nodes of level ``k``.
    """

    order: np.ndarray
    bounds: np.ndarray

    @property
    def count(self) -> int:
        """Number of levels."""
        return len(self.bounds) - 1


def topological_levels(
    size: int, pred: np.ndarray, succ: np.ndarray, names: list[str], *, compiled: bool = True
) -> Levels:
    """Group nodes by level with Kahn's algorithm.

    Parameters
    ----------
    size : int
        Number of nodes.
    pred, succ : numpy.ndarray
        Link end points (node numbers).
    names : list[str]
        Node names, used to describe a cycle.
    compiled : bool
        One compiled sweep over nodes and links, ``O(nodes + links)`` (the default), or one
        numpy step per level (the levelled passes' twin). Both give the same levels, each level
        in increasing node number.

    Raises
    ------
    CycleError
        If the links form a cycle; the message and ``cycle`` name its activities in order.
    """
    if compiled:
        order, bounds, acyclic = _kahn_sweep(
            size, np.ascontiguousarray(pred, np.int64), np.ascontiguousarray(succ, np.int64)
        )
    else:
        order, bounds = _kahn_levelled(size, pred, succ)
        acyclic = order.size == size
    if not acyclic:
        cycle = _find_cycle(size, pred, succ, order, names)
        raise CycleError(m.CYCLE(cycle=Chain(tuple(Ref.task(i) for i in cycle))), cycle=cycle)
    return Levels(order=order, bounds=bounds)


def _kahn_levelled(size: int, pred: np.ndarray, succ: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Levels one numpy step per level; the order stops short of the nodes of a cycle."""
    indegree = np.bincount(succ, minlength=size).astype(np.int64)
    by_pred = np.argsort(pred, kind="stable")
    targets = succ[by_pred]
    starts = np.searchsorted(pred[by_pred], np.arange(size + 1))
    out_degree = np.diff(starts)
    frontier = np.flatnonzero(indegree == 0)
    pieces: list[np.ndarray] = []
    bounds = [0]
    while frontier.size:
        pieces.append(frontier)
        bounds.append(bounds[-1] + frontier.size)
        counts = out_degree[frontier]
        total = int(counts.sum())
        if total == 0:
            break
        offsets = np.repeat(starts[frontier] - np.cumsum(counts) + counts, counts)
        reached = targets[np.arange(total) + offsets]
        nodes, hits = np.unique(reached, return_counts=True)
        indegree[nodes] -= hits
        frontier = nodes[indegree[nodes] == 0]
    order = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)
    return order, np.array(bounds, dtype=np.int64)


@njit(cache=True)
def _kahn_sweep(size: int, pred: np.ndarray, succ: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
    """Levels in one sweep: a node's level is one more than its predecessors' highest.

    Returns the nodes level by level (increasing node number within a level), the level bounds
    and whether every node was reached; on a cycle, the order holds the nodes reached.
    """
    out_ptr = np.zeros(size + 1, np.int64)
    indegree = np.zeros(size, np.int64)
    for e in range(pred.shape[0]):
        out_ptr[pred[e] + 1] += 1
        indegree[succ[e]] += 1
    for i in range(size):
        out_ptr[i + 1] += out_ptr[i]
    fill = out_ptr[:-1].copy()
    targets = np.empty(pred.shape[0], np.int64)
    for e in range(pred.shape[0]):
        targets[fill[pred[e]]] = succ[e]
        fill[pred[e]] += 1
    queue = np.empty(size, np.int64)
    tail = 0
    for i in range(size):
        if indegree[i] == 0:
            queue[tail] = i
            tail += 1
    level = np.zeros(size, np.int64)
    head = 0
    while head < tail:
        node = queue[head]
        head += 1
        for j in range(out_ptr[node], out_ptr[node + 1]):
            target = targets[j]
            if level[node] + 1 > level[target]:
                level[target] = level[node] + 1
            indegree[target] -= 1
            if indegree[target] == 0:
                queue[tail] = target
                tail += 1
    if tail < size:
        return queue[:tail].copy(), np.zeros(1, np.int64), False
    count = level.max() + 1 if size else 0
    bounds = np.zeros(count + 1, np.int64)
    for i in range(size):
        bounds[level[i] + 1] += 1
    for k in range(count):
        bounds[k + 1] += bounds[k]
    fill = bounds[:-1].copy()
    order = np.empty(size, np.int64)
    for i in range(size):
        order[fill[level[i]]] = i
        fill[level[i]] += 1
    return order, bounds, True


def _find_cycle(
    size: int, pred: np.ndarray, succ: np.ndarray, done: np.ndarray, names: list[str]
) -> list[str]:
    """Walk back through unprocessed predecessors until a node repeats; return the loop."""
    left = np.ones(size, dtype=bool)
    left[done] = False
    inside = left[pred] & left[succ]
    # Every node left over has at least one predecessor left over, so the walk never stops.
    some_pred = dict(zip(succ[inside].tolist(), pred[inside].tolist(), strict=True))
    node = int(np.flatnonzero(left)[0])
    seen: dict[int, int] = {}
    walk: list[int] = []
    while node not in seen:
        seen[node] = len(walk)
        walk.append(node)
        node = some_pred[node]
    loop = walk[seen[node]:]
    loop.reverse()  # the walk went backwards along links
    first = loop.index(min(loop))  # start from the activity listed first in the plan
    loop = loop[first:] + loop[:first]
    loop.append(loop[0])
    return [names[i] for i in loop]
