"""Answers to pre-sale questions, as a pure function over a cooperative's facts.

The facts live in the cooperative file's ``about`` section (see :data:`DEFAULTS` and
README's "A cooperative file"): payment methods, pickup address, hours, returns, origin,
wholesale rule, promotion, delivery days per city. The texts are locale keys (``faq_*`` in
``locales/*.yml``) filled with those facts; a cooperative may replace a text for one
language with ``about.texts.<key>.<lang>``.

:func:`answer` returns the replies for one topic and whether they end by offering a person
(a yes/no question the conversation then waits for).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import geo, hours, i18n
from .nlu.textnorm import is_arabic as norm_is_arabic
from .phones import local_format

#: Facts every cooperative has unless its file says otherwise.
DEFAULTS: dict[str, Any] = {
    "payment": ["cash"],          # cash at the door always; "card", "transfer" if accepted
    "pickup_address": None,       # None: no collection at the cooperative, courier only
    "hours": "9:00-18:00",        # when the cooperative's team works
    "closed": ["sunday"],         # days off: monday … sunday
    "returns_days": 7,            # an unopened product can come back within this many days
    "origin": None,               # None: the default text; or a text, or {lang: text}
    "wholesale": None,            # None: one price for all; or {min_amount: MAD, discount: %}
    "promotion": None,            # None: none now; or a text, or {lang: text}
    "delivery_days": {"default": "1-3"},   # days to deliver, per city name, or default
    "texts": {},                  # {faq_key: {lang: text}}: the cooperative's own wording
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
METHODS = ("cash", "card", "transfer")
#: Topics the conversation answers from the facts here.
TOPICS = ("payment", "delivery", "pickup", "hours", "returns", "authenticity", "argan_types",
          "wholesale", "promotion", "discount", "robot", "off_topic", "ask_coop")
#: Reply keys said by the older handlers, and the topic they answer (for the eval).
KEY_TOPICS = {"prices": "price", "delivery_city": "delivery", "delivery_info": "delivery",
              "city_not_served": "delivery", "handoff": "human",
              "handoff_open": "human", "handoff_closed": "human", "available": "availability",
              "not_sold": "availability", "out_of_stock": "availability", "status": "status",
              "no_orders": "status", "catalog": "catalog", "welcome": "welcome"}


def facts(coop: dict) -> dict:
    """The cooperative's ``about`` facts over the defaults."""
    about = (coop.get("settings") or {}).get("about") or {}
    merged = dict(DEFAULTS)
    merged.update({k: v for k, v in about.items() if k in DEFAULTS})
    return merged


def parse_about(data, errors: list[str]) -> dict:
    """Validate a cooperative file's ``about`` section (appending problems to ``errors``)."""
    if data in (None, ""):
        return {}
    if not isinstance(data, dict):
        errors.append("about: must be a mapping (payment, pickup_address, hours, …)")
        return {}
    about = {}
    for key, value in data.items():
        if key not in DEFAULTS:
            errors.append(f"about.{key}: unknown (one of {', '.join(DEFAULTS)})")
            continue
        about[key] = value
    payment = about.get("payment")
    if payment is not None:
        payment = [payment] if isinstance(payment, str) else payment
        bad = [m for m in payment if m not in METHODS] if isinstance(payment, list) else [payment]
        if bad:
            errors.append(f"about.payment: {bad!r}: each one of {', '.join(METHODS)}")
        else:
            about["payment"] = payment
    closed = about.get("closed")
    if closed is not None:
        closed = [closed] if isinstance(closed, str) else closed
        if not isinstance(closed, list) or any(str(d).lower() not in WEEKDAYS for d in closed):
            errors.append(f"about.closed: days among {', '.join(WEEKDAYS)}")
        else:
            about["closed"] = [str(d).lower() for d in closed]
    if about.get("returns_days") is not None:
        try:
            about["returns_days"] = int(about["returns_days"])
        except (TypeError, ValueError):
            errors.append("about.returns_days: a number of days")
    wholesale = about.get("wholesale")
    if wholesale is not None:
        try:
            about["wholesale"] = {"min_amount": float(wholesale["min_amount"]),
                                  "discount": float(wholesale["discount"])}
        except (TypeError, KeyError, ValueError):
            errors.append("about.wholesale: {min_amount: MAD, discount: percent}")
    days = about.get("delivery_days")
    if days is not None:
        about["delivery_days"] = ({str(k): str(v) for k, v in days.items()}
                                  if isinstance(days, dict) else {"default": str(days)})
    texts = about.get("texts")
    if texts is not None and not isinstance(texts, dict):
        errors.append("about.texts: {faq_key: {lang: text}}")
    return about


@dataclass
class Answer:
    replies: list[str]
    offer_person: bool = False


def money(lang: str, amount) -> str:
    """``120 DH``; ``120 درهم`` in Arabic script (the locale's ``money_unit``)."""
    return i18n.money(amount, lang)


def _localised(value, lang: str) -> str | None:
    """A fact given as one text or as {lang: text}."""
    if isinstance(value, dict):
        return value.get(lang) or value.get("fr") or next(iter(value.values()), None)
    return str(value) if value else None


class _Writer:
    def __init__(self, lang: str, coop: dict, info: dict):
        self.lang, self.coop, self.info = lang, coop, info
        self.replies: list[str] = []

    def text(self, key: str, **params) -> str:
        params.setdefault("coop", self.coop.get("name", ""))
        own = ((self.info.get("texts") or {}).get(key) or {}).get(self.lang)
        if own:
            return own.format_map(i18n.Blank(params)).strip()
        return i18n.t(self.lang, key, **params)

    def say(self, key: str, **params) -> None:
        self.replies.append(self.text(key, **params))


def delivery_days(info: dict, city: str | None) -> str:
    days = info.get("delivery_days") or {}
    if city:
        for name, value in days.items():
            if name.lower() == city.lower():
                return str(value)
    return str(days.get("default") or DEFAULTS["delivery_days"]["default"])


def city_label(name: str, lang: str) -> str:
    """A city's name as the customer writes it: its Arabic form in Arabic script
    (``intents/cities.yml``), else as the courier or the customer spelt it."""
    if lang == "ary-Arab" and not norm_is_arabic(name):
        arabic = [f for f in geo.city_written_forms().get(name, []) if norm_is_arabic(f)]
        if arabic:
            return arabic[0]
    return name


def _free_line(w: _Writer, delivery: dict) -> str:
    free_above = delivery.get("free_above")
    return i18n.t(w.lang, "delivery_free_above", amount=money(w.lang, free_above)) \
        if free_above else ""


def answer(topic: str, lang: str, coop: dict, *, city: str | None = None,
           cities: list[dict] | None = None) -> Answer:
    """The replies for one pre-sale ``topic`` in ``lang`` (``city``: a city the customer
    named; ``cities``: the courier's city list with fees, when known)."""
    info = facts(coop)
    settings = coop.get("settings") or {}
    delivery = settings.get("delivery") or {}
    w = _Writer(lang, coop, info)
    offer = False
    if topic == "payment":
        w.say("faq_payment")
        others = [w.text(f"faq_method_{m}") for m in info["payment"] if m != "cash"]
        if others:
            w.say("faq_payment_also", methods=" / ".join(others))
    elif topic == "delivery":
        match = geo.match_city(city, cities) if city else None
        if match and match.get("served") is False:
            w.say("city_not_served", city=match["name"])
        else:
            name = match["name"] if match else city
            fee = geo.city_fee(name, cities, delivery.get("flat_fee") or 0) if name else \
                delivery.get("flat_fee") or 0
            days = delivery_days(info, name)
            params = dict(days=w.text("faq_day_one") if days.strip() == "1" else
                          w.text("faq_days", days=days),
                          fee=money(lang, fee), free=_free_line(w, delivery))
            if name:
                w.say("faq_delivery_city", city=city_label(name, lang), **params)
            else:
                w.say("faq_delivery", **params)
    elif topic == "pickup":
        if info.get("pickup_address"):
            w.say("faq_pickup", address=_localised(info["pickup_address"], lang),
                  hours=info.get("hours") or "")
        else:
            w.say("faq_pickup_none")
    elif topic == "hours":
        names = i18n.words(lang, "faq_weekdays")
        closed = [names[WEEKDAYS.index(d)] for d in info.get("closed") or []
                  if d in WEEKDAYS and len(names) == 7]
        week = info.get("hours") or ""
        if settings.get("hours"):                    # the opening hours section, when given
            week, closed = hours.describe(lang, hours.hours_of(coop))
        w.say("faq_hours", hours=week,
              closed=w.text("faq_closed", days=", ".join(closed)) if closed else "")
    elif topic == "returns":
        w.say("faq_returns", days=info.get("returns_days") or 0)
    elif topic == "authenticity":
        own = _localised(info.get("origin"), lang)
        if own:
            w.replies.append(own)
        else:
            w.say("faq_origin")
    elif topic == "argan_types":
        w.say("faq_argan")
    elif topic == "wholesale":
        rule = info.get("wholesale")
        if rule:
            w.say("faq_wholesale", amount=money(lang, rule["min_amount"]),
                  discount=f"{rule['discount']:g}")
        else:
            w.say("faq_wholesale_none")
            w.say("faq_offer_person")
            offer = True
    elif topic == "promotion":
        promo = _localised(info.get("promotion"), lang)
        if promo:
            w.say("faq_promotion", promotion=promo)
        else:
            w.say("faq_no_promotion", free=_free_line(w, delivery))
    elif topic == "discount":
        w.say("faq_fixed_price")
        rule, promo = info.get("wholesale"), _localised(info.get("promotion"), lang)
        if rule:
            w.say("faq_wholesale", amount=money(lang, rule["min_amount"]),
                  discount=f"{rule['discount']:g}")
        elif promo:
            w.say("faq_promotion", promotion=promo)
        elif delivery.get("free_above"):
            w.replies.append(_free_line(w, delivery))
    elif topic == "contact" and settings.get("contact_phone"):
        w.say("faq_contact", phone=local_format(settings["contact_phone"]))   # "3tini raqm dyalkom"
    elif topic == "robot":
        w.say("faq_robot")                           # ends with "a person? (yes / no)"
        offer = True
    elif topic == "off_topic":
        w.say("faq_off_topic")
    else:                                            # a question the file cannot answer
        w.say("faq_ask_coop")
        w.say("faq_offer_person")
        offer = True
    return Answer(w.replies, offer)


def topic_of(keys: list[str]) -> str | None:
    """The topic an older handler answered, from the reply keys it said."""
    for key in keys:
        if key in KEY_TOPICS:
            return KEY_TOPICS[key]
    return None
