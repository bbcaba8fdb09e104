"""Moved to :mod:`bot.evals.questions`; ``python -m bot.eval_questions`` keeps working.

This stub is removed in step F.
"""

from bot.evals.questions import (  # removed in step F
    DEFAULT_COOP,
    DEFAULT_DATA,
    HELD_OUT_EVERY,
    NOW,
    ROOT,
    answer,
    context,
    evaluate,
    load,
    main,
    split_of,
    summary,
)

__all__ = [
    "DEFAULT_COOP",
    "DEFAULT_DATA",
    "HELD_OUT_EVERY",
    "NOW",
    "ROOT",
    "answer",
    "context",
    "evaluate",
    "load",
    "main",
    "split_of",
    "summary",
]

if __name__ == "__main__":
    raise SystemExit(main())
