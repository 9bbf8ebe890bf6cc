"""Training, evaluation and the scikit-learn baseline."""
