"""`python -m floorcon` and the `floorcon` command: the command line, with its exit code."""

import sys


def main() -> int:
    """Hold the garbage collector back before anything is imported, then run the command."""
    from .startup import hold_back

    hold_back()
    from .cli import main as run

    return run()


if __name__ == "__main__":
    sys.exit(main())
