"""Read models of review's own log, and their queries."""
