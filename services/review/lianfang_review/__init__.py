"""Review service (风险点、等级、措施、审核、承诺): finding, grading and controlling risks."""
