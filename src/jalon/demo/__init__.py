"""The demo portfolio of a fictional French group, Groupe Aurore, loaded by ``jalon demo``."""
