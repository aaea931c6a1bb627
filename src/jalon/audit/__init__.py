"""The audit trail: who changed which field of a business object, when, from what to what;
the History tab and its API."""
