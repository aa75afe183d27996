"""A trained model for other programs: the ONNX graph (onnx_export) and each classifier as torch ops (classifier_graphs)."""
