"""Routing: an event becomes notifications, deliveries and scheduled reminders."""
