"""Review HTTP API."""
