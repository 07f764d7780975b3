"""Review's copy of the organisation, fed by registry events."""
