"""Review's domain: risk points, measures, meetings, the scoring model, the approval ladder."""
