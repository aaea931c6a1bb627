"""The pages of proposals (``proposals.py``) and scoring models (``scoring.py``)."""
