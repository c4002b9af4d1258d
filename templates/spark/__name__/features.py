"""The columns the model reads and predicts, in one place that imports no Spark.

The API's workers import this (through model.py) and never pyspark: the fitted
pipeline runs in-process (inprocess.py). Change these for your own data.
"""

FEATURES = ("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm")
LABEL = "species"
#: The column the pipeline's last stage (IndexToString) writes the predicted label to.
PREDICTED_LABEL = "predicted_label"
#: The column of the class probabilities, in the order of the IndexToString stage's labels.
PROBABILITY = "probability"
