"""Notify read models."""
