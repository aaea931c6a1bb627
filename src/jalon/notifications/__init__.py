"""The in-app inbox and e-mail notifications."""
