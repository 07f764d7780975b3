"""Translation of registry domain events into integration contracts."""
