"""The OR-Tools CP-SAT backend of the optimal method (imported only when that method is chosen)."""

from jalon.engine.levelling.cpsat.model import CpSatRun, SearchProgress, solve_cpsat

__all__ = ["CpSatRun", "SearchProgress", "solve_cpsat"]
