"""Notify service: routing, inbox, deliveries, reminders and escalation."""
