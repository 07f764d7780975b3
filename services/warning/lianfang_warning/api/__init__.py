"""Warning HTTP API."""
