"""Message templates (jinja2, sandboxed) in Simplified Chinese, Traditional Chinese and English."""
