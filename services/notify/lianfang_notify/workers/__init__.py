"""Notify's background work, done by one leader instance: sending, reminders, digests."""
