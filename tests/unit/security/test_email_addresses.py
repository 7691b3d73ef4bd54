"""Hole 2: the one address check (notifications/addresses.py), GOV.UK Notify's rules."""

import pytest

from notifications.addresses import InvalidEmailAddress, check_email_address, is_valid_email_address

VALID = [
    "sam@example.com",
    "Sam.Jones@Example.COM",
    "first.o'last+jobs@example.co.uk",
    "a!#$%&'*+/=?^_`{|}~-b@example.org",
    "sam@bücher.de",
    "sam@xn--bcher-kva.de",
    "sam@sub-domain.example.police.uk",
    "x" * 64 + "@example.com",
]

INVALID = [
    "nasty@exa\u202emple.com",  # right-to-left override: UnicodeError at send on main
    "sam@exa\u200dmple.com",  # zero-width joiner: reads as another domain
    "sam\u202e@example.com",
    "sam@localhost",
    "sam@example",
    "sam@127.0.0.1",
    "sam@[127.0.0.1]",
    "sam@[IPv6:::1]",
    "x" * 65 + "@example.com",
    "sam@" + "b" * 64 + ".com",  # a label over 63 characters cannot be encoded
    "sam..jones@example.com",
    "sam@example..com",
    "sam@.example.com",
    "sam@-example.com",
    "sam@example.c0m",
    "sam@example.com.",
    "sam jones@example.com",
    "sam@exam ple.com",
    '"sam jones"@example.com',
    "sam@example.com\r\nBcc: evil@example.com",
    "sam\x00@example.com",
    "sam@",
    "@example.com",
    "sam",
    "",
    "sam@@example.com",
    "søren@example.com",  # Notify: ASCII local parts only
    "a" * 310 + "@example.com",
]


@pytest.mark.parametrize("address", VALID)
def test_addresses_notify_would_send_to_are_accepted(address):
    check_email_address(address)
    assert is_valid_email_address(address)


@pytest.mark.parametrize("address", INVALID)
def test_addresses_notify_would_refuse_are_refused_with_a_reason(address):
    with pytest.raises(InvalidEmailAddress) as refused:
        check_email_address(address)

    assert str(refused.value)
    assert address not in str(refused.value) or not address  # the reason never echoes it
