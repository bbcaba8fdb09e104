"""Moved to :mod:`bot.evals.conversations`; ``python -m bot.eval_conversations`` keeps working.

This stub is removed in step F.
"""

from bot.evals.conversations import (  # removed in step F
    ACCOUNT_SID,
    AUTH_TOKEN,
    CORPUS,
    LANGS,
    ROOT,
    SPLITS,
    START,
    Conversation,
    Coop,
    CorpusError,
    Played,
    Player,
    compare,
    load_coops,
    load_corpus,
    main,
    print_failures,
    print_report,
    report,
    run,
    score,
    summarise,
)

__all__ = [
    "ACCOUNT_SID",
    "AUTH_TOKEN",
    "CORPUS",
    "Conversation",
    "Coop",
    "CorpusError",
    "LANGS",
    "Played",
    "Player",
    "ROOT",
    "SPLITS",
    "START",
    "compare",
    "load_coops",
    "load_corpus",
    "main",
    "print_failures",
    "print_report",
    "report",
    "run",
    "score",
    "summarise",
]

if __name__ == "__main__":
    raise SystemExit(main())
