from tests.placements.conftest import employer, make_placement  # noqa: F401 - shared fixtures
