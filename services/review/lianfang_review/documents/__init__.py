"""Documents for people: commitment letters, briefing records, the assessment table."""
