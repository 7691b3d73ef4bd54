"""Email address normalisation for the mailing list (pure: no database).

We trim surrounding spaces and lower-case the domain (domains are
case-insensitive; an international domain is kept in its Unicode form, and one
typed as punycode ``xn--…`` is turned into that form too, so both spellings are
one address). The local part keeps its case, because RFC 5321 allows a server to
treat it as case-sensitive and we send to exactly what the person typed; but the
*uniqueness* key lower-cases the whole address, since in practice every mailbox
provider ignores case and two rows for Sam@ and sam@ would mean two emails to one
person. Plus-addressing (``name+jobs@…``) is kept as-is: it is the person's choice.
"""


def _canonical_domain(domain: str) -> str:
    domain = domain.strip().rstrip(".").lower()
    try:
        # Round-trip through IDNA: Unicode and punycode spellings meet in one form.
        return domain.encode("idna").decode("idna").lower()
    except UnicodeError:
        return domain


def normalise_email(raw: str) -> str:
    """The address we store and send to: trimmed, domain canonical, local part as typed."""
    address = raw.strip()
    local, sep, domain = address.rpartition("@")
    if not sep:
        return address
    return f"{local}@{_canonical_domain(domain)}"


def address_key(raw: str) -> str:
    """The uniqueness key: the normalised address entirely lower-cased."""
    return normalise_email(raw).lower()
