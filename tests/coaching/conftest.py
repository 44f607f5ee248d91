from tests.placements.conftest import (  # noqa: F401 - shared fixtures
    employer,
    make_placement,
    make_sick,
    make_task,
    organisation,
)
