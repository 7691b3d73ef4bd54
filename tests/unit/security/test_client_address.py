"""Hole 1: the client address behind a configured number of trusted proxies."""

import pytest

from core.client_address import address_from_meta


@pytest.mark.parametrize(
    ("meta", "hops", "expected"),
    [
        ({"REMOTE_ADDR": "203.0.113.7"}, 0, "203.0.113.7"),
        # Exposed directly: a client's own X-Forwarded-For is ignored.
        ({"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, 0, "203.0.113.7"),
        # One proxy: it appended the real client; what the client sent is to its left.
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.9"}, 1, "198.51.100.9"),
        (
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.9"},
            1,
            "198.51.100.9",
        ),
        (
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "nonsense, 198.51.100.9"},
            1,
            "198.51.100.9",
        ),
        # Two proxies (CDN then balancer): two from the right.
        (
            {
                "REMOTE_ADDR": "10.0.0.2",
                "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.9, 192.0.2.1",
            },
            2,
            "198.51.100.9",
        ),
        # Ports and IPv6 as some balancers write them.
        (
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.9:5123"},
            1,
            "198.51.100.9",
        ),
        (
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "[2001:db8::1]:443"},
            1,
            "2001:db8::1",
        ),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": " 2001:DB8::1 "}, 1, "2001:db8::1"),
    ],
)
def test_the_client_is_the_entry_written_by_our_outermost_proxy(meta, hops, expected):
    assert address_from_meta(meta, trusted_hops=hops) == expected


@pytest.mark.parametrize(
    ("meta", "hops"),
    [
        ({"REMOTE_ADDR": "10.0.0.2"}, 1),  # did not come through the proxy
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "nonsense"}, 1),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": ""}, 1),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, 2),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4,,"}, 1),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4\x00"}, 1),
        ({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "<script>"}, 1),
        ({"REMOTE_ADDR": ""}, 0),
        ({}, 0),
    ],
)
def test_an_address_that_cannot_be_trusted_is_none_and_never_raises(meta, hops):
    assert address_from_meta(meta, trusted_hops=hops) is None
