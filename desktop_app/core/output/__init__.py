"""What is shown and written: atomic writes, the CSV, escaped names, percentages."""
