"""Read models of the warning service's own log (one projection: cases, signals, warnings)."""
