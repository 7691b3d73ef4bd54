"""The service-wide public pages."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Become an Intelligence Researcher tackling organised exploitation"),
        ("/accessibility/", "Accessibility statement for TOEX Recruit"),
        ("/privacy/", "Privacy notice"),
    ],
)
def test_public_page_renders_with_its_heading(client, path, heading):
    response = client.get(path)

    assert response.status_code == 200
    assert heading in response.content.decode()


@pytest.mark.django_db
def test_unknown_url_gets_the_styled_404(client):
    response = client.get("/definitely-not-here/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_start_page_runs_no_queries(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get("/")


@pytest.mark.django_db
def test_baseline_bench_view_is_not_mounted_by_default(client):
    assert client.get("/__bench__/hello").status_code == 404
