"""Pictures to numbers: the feature pipeline, the pretrained network, its streams, the cache, the standardiser."""
