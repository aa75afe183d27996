"""The report of a model: one self-contained HTML file (report_file.make_report)."""
