"""Phone numbers and Twilio channel addresses.

Twilio writes WhatsApp senders as ``whatsapp:+2126…`` and SMS senders as
``+2126…``. Everything we store is E.164 (``+212612345678``) plus a channel.
"""

from __future__ import annotations

from functools import lru_cache

import phonenumbers

DEFAULT_REGION = "MA"


class PhoneError(ValueError):
    pass


@lru_cache(maxsize=65536)   # every webhook normalises From and To: parsing is costly
def to_e164(raw: str, region: str = DEFAULT_REGION) -> str:
    """Normalise ``0612345678``, ``+212 6 12 34 56 78``, ``00212…`` to E.164."""
    text = (raw or "").strip()
    if text.lower().startswith("whatsapp:"):
        text = text[len("whatsapp:"):]
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(f"{raw!r} is not a phone number") from exc
    if not phonenumbers.is_possible_number(number):
        raise PhoneError(f"{raw!r} is not a possible phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def split_address(address: str) -> tuple[str, str]:
    """``whatsapp:+2126…`` → ``("whatsapp", "+2126…")``; ``+2126…`` → ``("sms", …)``."""
    address = (address or "").strip()
    if address.lower().startswith("whatsapp:"):
        return "whatsapp", to_e164(address[len("whatsapp:"):])
    return "sms", to_e164(address)


def address_for(channel: str, phone: str) -> str:
    """The Twilio address for a phone on a channel."""
    return f"whatsapp:{phone}" if channel == "whatsapp" else phone


@lru_cache(maxsize=65536)   # alerts and summaries format the same few numbers again and again
def local_format(phone: str) -> str:
    """``+212612345678`` → ``0612345678`` (what Moroccan couriers and people write).

    Anything that is not a phone number (an empty contact) is returned as it is.
    """
    try:
        number = phonenumbers.parse(phone, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return phone
    if number.country_code == 212:
        return "0" + str(number.national_number)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
