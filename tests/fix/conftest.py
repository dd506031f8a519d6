import sys
from pathlib import Path

# Fix tests import their shared helpers as a plain module.
sys.path.insert(0, str(Path(__file__).parent))
