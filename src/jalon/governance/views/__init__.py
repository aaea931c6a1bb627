"""The governance pages: gates and the life cycle (``gates``); tolerances, exceptions and
projects saved as templates (``tolerances``)."""
