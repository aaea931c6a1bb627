"""The pages of the feeds app."""
