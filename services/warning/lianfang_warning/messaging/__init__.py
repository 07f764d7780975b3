"""The warning service's edge to the bus: domain event → contract."""
