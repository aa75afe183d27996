"""The classifiers (kNN, linear), their registry, the settings search and the calibration of their percentages."""
