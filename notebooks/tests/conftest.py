import sys
from pathlib import Path

# The client module sits beside the notebook, which imports it from there.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
