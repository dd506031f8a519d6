import sys
from pathlib import Path

# The ecosystem tests import the check's package and the case-file helpers as plain modules.
sys.path.insert(0, str(Path(__file__).parent))
