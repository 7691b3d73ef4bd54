"""The privacy app's own line of the retention schedule: reads of sensitive data.

(Subject access records are kept: they are the proof of what was exported or
erased, and hold no personal data.)
"""

from . import registry, services

RETENTION_RULES = (
    registry.RetentionRule(
        key="privacy.read_audit",
        what="Audit of who read sensitive records",
        counted_from="the read",
        action="deleted",
        apply=services.read_audit_delete_older_than,
    ),
)
