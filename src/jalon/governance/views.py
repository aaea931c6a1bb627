"""The pages of the governance app."""
