"""Routing rules: which event notifies whom, through which channels, with which template."""
