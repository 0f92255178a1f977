"""Exports of a dataset: one module per format, all built on the flat rows of ``table``."""
