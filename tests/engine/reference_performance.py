"""A plain, readable earned value and earned schedule, in abstract time, used as the reference
the vectorised ``jalon.engine.performance`` must agree with.

One task at a time with loops and the formulas of DESIGN.md written out literally; no arrays,
no calendars (periods are 1, 5 or 20 working days).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

LENGTH = {"day": 1.0, "week": 5.0, "month": 20.0}


@dataclass
class RefTask:
    id: str
    parent: str | None
    budget: float
    start: float | None
    finish: float | None
    percent: float
    actual: float
    actual_finish: float | None = None


def share_done(start: float, finish: float, time: float) -> float:
    """Share of a task planned to be done by ``time``: linear, a milestone at its finish."""
    if finish <= start:
        return 1.0 if time >= finish else 0.0
    return min(max((time - start) / (finish - start), 0.0), 1.0)


def divide(a: float, b: float) -> float:
    return a / b if b != 0 else math.nan


def evm(bac: float, pv: float, ev: float, ac: float) -> dict[str, float]:
    spi, cpi = divide(ev, pv), divide(ev, ac)
    eac = divide(bac, cpi)
    return {"bac": bac, "pv": pv, "ev": ev, "ac": ac, "sv": ev - pv, "cv": ev - ac,
            "spi": spi, "cpi": cpi, "eac_cpi": eac, "etc": eac - ac, "vac": bac - eac,
            "tcpi_bac": divide(bac - ev, bac - ac)}


def lipke(times: list[float], curve: list[float], ev: float, at: float) -> dict[str, float]:
    """ES by counting the points whose PV <= EV, then interpolating to the next one (PV 0 at
    time 0; the points at ``times``); on a flat stretch at EV, the time on it nearest AT."""
    clock, points = [0.0, *times], [0.0, *curve]
    final = curve[-1]
    close = 1e-9 * final  # amounts summed in another order differ in their last bits
    finish = clock[next(k for k, v in enumerate(points) if v >= final)]
    flat = [k for k, v in enumerate(points) if abs(v - ev) <= close]
    if ev >= final - close:
        es = finish
    elif flat:
        es = min(max(at, clock[flat[0]]), clock[flat[-1]])
    else:
        c = max(k for k, v in enumerate(points) if v <= ev)  # below the final value: c < N
        es = clock[c] + (ev - points[c]) / (points[c + 1] - points[c]) * (clock[c + 1] - clock[c])
    spi_t = divide(es, at)
    return {"es": es, "sv_t": es - at, "spi_t": spi_t, "ieac_t": divide(finish, spi_t)}


def descendants(tasks: list[RefTask], ident: str) -> list[RefTask]:
    found = []
    for task in tasks:
        node = task.parent
        while node is not None:
            if node == ident:
                found.append(task)
                break
            node = next(t.parent for t in tasks if t.id == node)
    return found


def own_amounts(task: RefTask, status: float) -> tuple[float, float, float, float]:
    if task.start is None or task.finish is None:
        return 0.0, 0.0, 0.0, task.actual
    finish = max(task.start, task.finish)
    return (task.budget, task.budget * share_done(task.start, finish, status),
            task.budget * task.percent / 100, task.actual)


def reference_report(tasks: list[RefTask], status: float, period: str,
                     unallocated: float = 0.0) -> dict[str, object]:
    """The project's and each task's figures (EVM, ES), as plain dicts."""
    rows = {}
    for task in tasks:
        group = [task, *descendants(tasks, task.id)]
        sums = [sum(own_amounts(t, status)[k] for t in group) for k in range(4)]
        rows[task.id] = evm(*sums)
        rows[task.id].update(task_es(tasks, task, group, sums[2], status))
    totals = [sum(own_amounts(t, status)[k] for t in tasks) for k in range(4)]
    project = evm(totals[0], totals[1], totals[2], totals[3] + unallocated)
    dated = [t for t in tasks if t.start is not None and t.finish is not None]
    first = min([0.0, *(t.start for t in dated)])
    last = max([0.0, *(max(t.start, t.finish) for t in dated), status])
    length = LENGTH[period]
    count = max(1, math.ceil((last - first) / length - 1e-9))
    ends = [first + length * k for k in range(1, count + 1)]
    curve = [sum(t.budget * share_done(t.start, max(t.start, t.finish), end)
                 for t in dated) for end in ends]
    at = (status - first) / length if status >= first else 0.0
    # ES on the plan's PV at every time it changes pace (each start and finish), in periods.
    breaks = sorted({*ends, *(t.start for t in dated), *(max(t.start, t.finish) for t in dated)})
    breaks = [b for b in breaks if b > first]
    phased = [sum(t.budget * share_done(t.start, max(t.start, t.finish), b) for t in dated)
              for b in breaks]
    if phased and phased[-1] > 0:
        project.update(lipke([(b - first) / length for b in breaks], phased, totals[2], at))
    project["at"] = at
    return {"project": project, "tasks": rows, "curve": curve}


def task_es(tasks: list[RefTask], task: RefTask, group: list[RefTask], ev: float,
            status: float) -> dict[str, float | None]:
    """A task's ES in working days from its first start, on a grid of working days."""
    none: dict[str, float | None] = {"es": None, "sv_t": None, "spi_t": None, "ieac_t": None}
    planned = [t for t in group if t.start is not None and t.finish is not None and t.budget > 0]
    if task.start is None or task.finish is None or not planned:
        return none
    origin = math.floor(min(t.start for t in planned))
    last = math.ceil(max(max(t.start, t.finish) for t in planned))
    grid = [float(d) for d in range(origin + 1, last + 1)]
    done = finished_at(tasks, task)
    end = status if done is None else min(status, done)
    at = end - origin
    if not grid or at <= 1e-9:
        return none
    curve = [sum(t.budget * share_done(t.start, max(t.start, t.finish), g)
                 for t in planned) for g in grid]
    if curve[-1] <= 0:
        return none
    return lipke([g - origin for g in grid], curve, max(ev, 0.0), at)


def finished_at(tasks: list[RefTask], task: RefTask) -> float | None:
    parts = [t for t in tasks if t.parent == task.id]
    if not parts:
        return task.actual_finish
    ends = [finished_at(tasks, t) for t in parts]
    return None if any(e is None for e in ends) else max(ends)
