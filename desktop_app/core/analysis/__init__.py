"""Looking into the data and the model: the map of the pictures' features and the pictures possibly in the wrong
folder, the learning curve ("how many more pictures?"), the class templates, one picture's scores and loss step
by step, and kNN's vote."""
