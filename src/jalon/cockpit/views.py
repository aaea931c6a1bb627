"""The pages of the cockpit app."""
