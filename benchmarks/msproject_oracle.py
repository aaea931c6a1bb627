"""Benchmark: Jalon's dates against MPXJ's MS Project scheduler on many random plans.

The plans and the places where MPXJ's scheduler parts from MS Project are those of
``tests/io/msproject_oracle.py`` (described in docs/file-format.md, "Checked against MS
Project's rules"); the test runs 200 plans, this runs as many as asked and prints how many
tasks and plans agree, how long each side took, and the first plans that differ (to reproduce
them: the seed and the plan's number).

Run:  .venv/bin/python benchmarks/msproject_oracle.py [--plans 5000] [--seed 14] [--show 3]
Needs the optional MPXJ bridge (``pip install 'jalon[mpxj]'``) and Java.
"""

from __future__ import annotations

import argparse
import random
import time

from jalon.engine import schedule
from jalon.io import to_plan
from jalon.io.mpxj_bridge import mpxj_available, ms_project_schedule
from tests.io.msproject_oracle import as_ms_project_sees_it, describe, random_document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--show", type=int, default=3, help="plans that differ to print")
    options = parser.parse_args()
    if not mpxj_available():
        raise SystemExit("MPXJ and Java are needed: pip install 'jalon[mpxj]' (and a JRE 11+)")
    rng = random.Random(options.seed)
    tasks = same = plans_apart = 0
    jalon_time = oracle_time = 0.0
    for number in range(options.plans):
        document = random_document(rng)
        begin = time.perf_counter()
        result = schedule(to_plan(document))
        middle = time.perf_counter()
        oracle = ms_project_schedule(as_ms_project_sees_it(document))
        jalon_time += middle - begin
        oracle_time += time.perf_counter() - middle
        apart = []
        for task in document.tasks:
            row, (start, finish) = result[task.id], oracle[task.id]
            tasks += 1
            if (row.start_date, row.finish_date) == (start.date(), finish.date()):
                same += 1
            else:
                apart.append(f"  {task.id}: Jalon {row.start_date} - {row.finish_date}, "
                             f"MS Project {start} - {finish}")
        if apart:
            plans_apart += 1
            if plans_apart <= options.show:
                print(f"plan {number} (seed {options.seed})\n{describe(document)}")
                print("\n".join(apart))
    print(f"{options.plans} plans, {tasks} tasks: {same} agree ({same / tasks:.2%}), "
          f"{plans_apart} plans differ")
    print(f"Jalon {jalon_time:.1f} s (schedule), MPXJ {oracle_time:.1f} s "
          f"(write MSPDI, read, schedule)")


if __name__ == "__main__":
    main()
