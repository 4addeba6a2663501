import pytest

from tests.dashboard.fixtures import World


@pytest.fixture
def world(d):
    return World(d)
