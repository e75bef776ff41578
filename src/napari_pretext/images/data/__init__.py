"""Data handling: normalisation, validation, corruptions, patch datasets, synthetic data."""
