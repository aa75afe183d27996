"""What a folder of pictures becomes: scanning, walking, splitting, decoding, file rules."""
