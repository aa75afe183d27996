"""Looking at a dataset as a whole: the map of the pictures' features and the pictures possibly in the wrong folder."""
