"""The pages of the statusreports app."""
