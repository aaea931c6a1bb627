"""Jalon: an open-source platform for a Project Management Office."""

__version__ = "0.1.0"
