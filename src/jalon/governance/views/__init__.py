"""The governance pages: gates and life cycle (``gates``), tolerances and exceptions
(``tolerances``), project templates (``templates``)."""
