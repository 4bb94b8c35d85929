"""Jury writes."""
