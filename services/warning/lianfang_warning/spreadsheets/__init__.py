"""Spreadsheets: signals imported in bulk; annex 7 (廉洁风险预警处置记录) exported."""
