import pytest

from tests.factories import SuperuserFactory


@pytest.fixture
def admin_client(client, site_settings):
    client.force_login(SuperuserFactory())
    return client
