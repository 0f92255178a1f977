"""Lossless edits of the claims folder: tomlkit changes, checked, then written atomically."""
