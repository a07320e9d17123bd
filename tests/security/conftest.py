import pytest
from django.test import Client


@pytest.fixture
def signed_in(demo_users):
    """signed_in("ana") -> a test client with ana's session."""

    def make(username: str, **client_kwargs) -> Client:
        client = Client(**client_kwargs)
        client.force_login(demo_users[username])
        return client

    return make
