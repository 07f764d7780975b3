"""The review annexes as XLSX (风险与措施清单, 登记表)."""
