"""Document libraries of projects, programmes and portfolios."""
