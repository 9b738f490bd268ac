"""Scoring of warehouse output against gold files in the shared/bench format."""
