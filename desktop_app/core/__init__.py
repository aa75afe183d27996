"""The engine: pure Python + torch, never imports Qt.

folder -> Dataset (dataset.py) -> features (features.py) -> classifier (classifiers.py, search.py)
-> TrainedModel (model_file.py) -> predictions. training.py runs the whole job as a stream of events.
"""
