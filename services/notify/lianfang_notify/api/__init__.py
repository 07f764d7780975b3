"""Notify HTTP API."""
