"""Pages of lessons learned."""
