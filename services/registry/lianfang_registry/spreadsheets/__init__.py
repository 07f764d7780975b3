"""The annexes as spreadsheets: 职权目录 (annex 1) and 权力和责任清单 (annex 2), in and out."""
