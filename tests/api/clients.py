"""API clients as each role calls the API: with its own API token, or signed in."""

from rest_framework.test import APIClient

from core.api.tokens import api_token_create


def token_client(user) -> APIClient:
    """An integrator's client: a real token made for ``user`` (``Authorization: Token``)."""
    _token, key = api_token_create(user=user, name="test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def signed_in(user) -> APIClient:
    """A client signed in as ``user`` (the session's authentication, skipped)."""
    client = APIClient()
    client.force_authenticate(user)
    return client
