"""How many SMS each reply costs, in every language: ``python -m bot.evals.sms_report``.

Every key of ``locales/`` is rendered with typical values (the demo cooperative, an order of
two lines, a Casablanca address), then as the SMS transport sends it (no emojis, GSM-7 where
the language allows: :func:`bot.sms.sms_text`), and counted in SMS parts: ``2g`` is two
GSM-7 parts (153 characters each), ``3u`` three UCS-2 parts (67 characters each, any Arabic
letter or emoji makes a whole message UCS-2). The SMS catalog is counted page by page.

Options: ``--raw`` counts the texts as written (what SMS customers got before the transport
rendered them); ``--locales DIR`` reads another copy of ``locales/`` (e.g. an older one, from
``git worktree`` or ``git archive``); ``--keys a,b`` only these keys.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import conversation, datafiles, i18n, nlu
from ..catalog import read_csv
from ..sms import is_gsm7, sms_segments, sms_text

DEMO_CATALOG = datafiles.coops_dir() / "demo" / "catalog.csv"
COOP_NAME = "Coopérative Tifawin"
LANGS = ("fr", "en", "ary-Latn", "ary-Arab")


def sample_params(lang: str) -> dict:
    """Typical values for every placeholder of ``locales/``."""
    money = i18n.money
    return {
        "coop": COOP_NAME, "number": "T-1042", "digits": "1042", "count": 3, "max": 20,
        "total": money(440), "subtotal": money(405), "fee": money(35), "amount": money(500),
        "free": i18n.t(lang, "delivery_free_above", amount=money(500)),
        "name": "Fatima Zahra", "phone": "0612345678", "city": "Casablanca",
        "address": "Hay Nahda, rue 5, n° 12", "where": "Casablanca, Hay Nahda, rue 5, n° 12",
        "lines": f"2 × Miel de thym 1kg — {money(440)}\n1 × Amlou 250g — {money(60)}",
        "product": "Miel de thym 1kg", "products": "Amlou 250g",
        "options": f"1. Miel de thym 500g — {money(120)}\n2. Miel de thym 1kg — {money(220)}",
        "alternatives": f"1. Amlou 500g — {money(110)}", "tracking": "SND-8842211",
        "status": i18n.t(lang, "status_in_transit"), "sku": "AMLOU-250",
        "skus": "MIEL-THYM-500, MIEL-THYM-1KG, AMLOU-250", "error": "city not served",
        "messages": "« bghit nhder m3a chi wa7ed »", "media": i18n.t(lang, "media_voice_word"),
        "phones": "0612345678 Fatima\n0698765432 Karim", "page": 1, "pages": 3,
    }


def count(text: str, raw: bool) -> str:
    """``2g`` / ``3u``: SMS parts and alphabet of ``text`` as the SMS transport sends it."""
    text = text if raw else sms_text(text)
    return f"{sms_segments(text)}{'g' if is_gsm7(text) else 'u'}"


def catalog_pages(lang: str, raw: bool) -> list[str]:
    """The SMS catalog of the demo cooperative, page by page (as one list if ``raw``)."""
    products = read_csv(DEMO_CATALOG)
    ctx = conversation.Context(
        coop={"id": 1, "name": COOP_NAME, "settings": {"language": lang}}, products=products,
        index=nlu.build_index(products), now=datetime.now(UTC),
        channel="whatsapp" if raw else "sms")
    conv: dict[str, Any] = {"state": "start", "data": {}, "lang": lang, "handoff_until": None}
    first = {"fr": "catalogue", "en": "catalog", "ary-Latn": "lista", "ary-Arab": "ليستة"}[lang]
    marked = re.search(r"`([^`]+)`", str(i18n.load(lang).get("catalog_more", "")))
    word = marked.group(1) if marked else "more"
    pages, text = [], first
    for _ in range(50):
        result = conversation.step(conv, conversation.Event(text=text), ctx)
        conv = {"state": result.state, "data": result.data, "lang": lang, "handoff_until": None}
        pages.append(count("\n\n".join(result.replies), raw))
        if not result.data.get("catalog_page"):
            break
        text = word
    return pages


def report(keys: list[str] | None = None, raw: bool = False) -> list[str]:
    rows = [f"{'key':32} " + " ".join(f"{lang:>9}" for lang in LANGS)]
    for key in keys or list(i18n.load("fr")):
        if key == "money_unit":
            continue
        cells = [count(i18n.t(lang, key, **sample_params(lang)), raw) for lang in LANGS]
        rows.append(f"{key:32} " + " ".join(f"{c:>9}" for c in cells))
    pages = [catalog_pages(lang, raw) for lang in LANGS]
    rows.append(f"{'catalog by SMS (pages)':32} " + " ".join(
        f"{'+'.join(p) if len(p) < 4 else f'{len(p)}×{max(p)}':>9}" for p in pages))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", action="store_true", help="count texts as written")
    parser.add_argument("--locales", help="another locales/ directory")
    parser.add_argument("--keys", help="comma-separated keys")
    args = parser.parse_args(argv)
    if args.locales:
        i18n.LOCALES_DIR = Path(args.locales)
        i18n.load.cache_clear()
    keys = args.keys.split(",") if args.keys else None
    print("\n".join(report(keys, raw=args.raw)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
