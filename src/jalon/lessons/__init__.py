"""Lessons learned, captured at gates and closure, suggested to projects."""
