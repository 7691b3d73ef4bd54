"""Models of the mailing_list app."""
