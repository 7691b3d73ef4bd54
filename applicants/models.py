"""Models of the applicants app."""
