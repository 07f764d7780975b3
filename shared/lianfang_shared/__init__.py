"""Lianfang's shared platform: settings, contracts, bus, relay, consumer, auth, telemetry."""
