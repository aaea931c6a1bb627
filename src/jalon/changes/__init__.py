"""Change control: change requests with their impact computed before approval."""
