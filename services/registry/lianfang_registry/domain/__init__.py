"""Registry aggregates and domain errors."""
