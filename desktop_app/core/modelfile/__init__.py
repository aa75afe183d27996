"""The model file: the trained model, its format, the checks a save and a load share, the zip."""
