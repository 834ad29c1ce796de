"""`python -m floorcon`: the same as the `floorcon` command, with its exit code."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
