"""Moved to :mod:`bot.evals.sms_report`; ``python -m bot.sms_report`` keeps working.

This stub is removed in step F.
"""

from bot.evals.sms_report import (  # removed in step F
    COOP_NAME,
    DEMO_CATALOG,
    LANGS,
    catalog_pages,
    count,
    main,
    report,
    sample_params,
)

__all__ = [
    "COOP_NAME",
    "DEMO_CATALOG",
    "LANGS",
    "catalog_pages",
    "count",
    "main",
    "report",
    "sample_params",
]

if __name__ == "__main__":
    raise SystemExit(main())
