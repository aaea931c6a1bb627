"""Pages of decisions, assumptions and dependencies."""
