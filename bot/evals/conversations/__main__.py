"""``python -m bot.evals.conversations``: :func:`bot.evals.conversations.main`."""

import sys

from . import main

if __name__ == "__main__":
    sys.exit(main())
