"""The pages of the reporting app."""
