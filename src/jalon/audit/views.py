"""The pages of the audit app."""
