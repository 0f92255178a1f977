"""Bring fact-checks published elsewhere into the claims folder: ``claimreview`` reads
ClaimReview JSON-LD, ``record`` adds what it read to the folder as one edit."""
