"""The candidate's identity: an email address, not a staff account.

A candidate signs in with a single-use emailed link (``SignInLink``), so there
is no password to store. A ``Candidate`` row is made the first time a link is
used, never when an address is merely typed, so the sign-in form cannot be
used to fill the table or to learn who has applied.
"""

from django.db import models
from django.db.models.functions import Lower


class Candidate(models.Model):
    # The lower-cased address (applicants.services.email_key): one row per mailbox.
    email = models.EmailField(max_length=254, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")),
                name="candidate_email_lower_case",
            )
        ]

    def __str__(self):
        return f"Candidate {self.pk}"


class SignInLink(models.Model):
    """One emailed sign-in link: only a hash of its secret is kept.

    It works once (``used_at``) and until ``expires_at``; the address is kept
    on the link, not on a candidate, because no candidate exists until a link
    is used.
    """

    email = models.EmailField(max_length=254)
    secret_hash = models.CharField(max_length=64, unique=True)
    next_path = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="signinlink_expires")]

    def __str__(self):
        return f"Sign-in link {self.pk}"
