"""Models of the vetting app."""
