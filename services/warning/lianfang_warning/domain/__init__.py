"""The warning service's domain: signals, cases, warnings, their lifecycles and vocabulary."""
