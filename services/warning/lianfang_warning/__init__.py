"""Warning service (预警): signals, warnings, rectification and disposal."""
