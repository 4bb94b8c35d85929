import pytest


@pytest.fixture
def client(client):
    """The pages in English, so that assertions read the messages as written in the code
    (test_office_access checks the Chinese pages)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
