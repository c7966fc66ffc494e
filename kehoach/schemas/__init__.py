"""Data model: the block model, the extraction contract, coded errors. Imports nothing above it."""
