"""Public mailing-list pages run a constant number of queries whatever the list size."""

import pytest

from mailing_list.tokens import Purpose

from .conftest import make_subscriber, token_path

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("others", [1, 60])
def test_pages_query_count_does_not_grow_with_subscribers(
    client, others, django_assert_max_num_queries
):
    for n in range(others):
        make_subscriber(f"other{n}@example.com", rocu_slugs=["nersou", "emsou"])
    subscriber = make_subscriber("me@example.com", rocu_slugs=["nersou"])

    with django_assert_max_num_queries(2):
        assert client.get("/register-interest/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(token_path(subscriber, Purpose.MANAGE)).status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(token_path(subscriber, Purpose.UNSUBSCRIBE)).status_code == 200
