import sys
from pathlib import Path

import pytest

# The abuse tests import their shared helpers as a plain module.
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    """Every run (in this process or a child) caches under a fresh folder, never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("TENSORLENS_CACHE_DIR", str(folder))
    return folder
