"""Jalon's own date and number formats by language (Django's ``FORMAT_MODULE_PATH``)."""
