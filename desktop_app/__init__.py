"""Picture Sorter: an offline image-classifier trainer (kNN, linear SVM, softmax) for people who do not program."""

APP_NAME = "Picture Sorter"
APP_ID = "picture-sorter"
__version__ = "0.1.0"
