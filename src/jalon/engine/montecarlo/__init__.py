"""Monte Carlo simulation of a plan's finish and cost (schedule and cost risk analysis).

::

    from jalon.engine.montecarlo import simulate, RiskEvent

    result = simulate(plan, iterations=10_000, seed=42,
                      risks=[RiskEvent("R1", 0.3, ("B",), delay=5, cost=20_000)])
    result.finish.p80                # working days from the start
    result.finish_date(0.8)          # a date when the plan has a start
    result.probability_by(60)        # P(finish <= 60 working days)
    result.criticality["B"]          # share of iterations where B is critical
    result.tornado(10)               # tasks by |Spearman rho| with the finish

See ``docs/scheduling.md`` (section "Monte Carlo").
"""

from jalon.engine.montecarlo.chunks import chunk_count, merge, run_in_chunks, split, stream
from jalon.engine.montecarlo.correlation import correlation_matrix, iman_conover
from jalon.engine.montecarlo.distributions import DISTRIBUTION_KINDS, DurationDistribution
from jalon.engine.montecarlo.model import SimulationModel, build_model, default_distribution
from jalon.engine.montecarlo.results import OutcomeDistribution, SimulationResult
from jalon.engine.montecarlo.risks import RiskEvent, TaskCost
from jalon.engine.montecarlo.sampling import uniform_block
from jalon.engine.montecarlo.simulation import SimulationCancelled, run, simulate

__all__ = [
    "DISTRIBUTION_KINDS",
    "DurationDistribution",
    "OutcomeDistribution",
    "RiskEvent",
    "SimulationCancelled",
    "SimulationModel",
    "SimulationResult",
    "TaskCost",
    "build_model",
    "chunk_count",
    "correlation_matrix",
    "default_distribution",
    "iman_conover",
    "merge",
    "run",
    "run_in_chunks",
    "simulate",
    "split",
    "stream",
    "uniform_block",
]
