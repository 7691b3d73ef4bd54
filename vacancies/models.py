"""Models of the vacancies app."""
