"""Cooperative files: one YAML file describes a cooperative.

Example (see ``coops/demo/coop.yml``)::

    slug: tifawin
    name: Coopérative Tifawin
    code: TIFAWIN              # picks this cooperative on a shared platform number
    order_prefix: T            # order numbers look like T-1042
    whatsapp_from: "+14155238886"
    sms_from: "+15005550006"
    contact_phone: "0612345678"
    require_approval: false
    delivery:
      courier: sandbox         # sandbox | sendit | ozon | webhook | manual
      options: {}              # courier options; secrets by env var name: *_env: VAR
      flat_fee: 30             # MAD, when the courier has no fee table
      free_above: 400          # free delivery from this subtotal (MAD)
    whatsapp_template:         # approved template for alerts outside the 24 h window
      content_sid: HX…
    whatsapp_templates:        # approved templates to customers (issue 18)
      reopen: HX…              # reopens a conversation older than 24 h for a person's reply
    members:
      - {name: Fatima, phone: "0612345678", channel: sms, language: ary-Arab}
    about:                     # facts for pre-sale answers (bot/answers.py); all optional
      payment: [cash, card]    # cash at the door always; card, transfer if accepted
      pickup_address: "Douar Tifawin, Agadir"   # none: courier only
      hours: "9:00-18:00"
      closed: [sunday]
    hours:                     # when a person answers (bot/hours.py); default from about
      mon-fri: "9:00-13:00, 15:00-18:00"
      sat: "9:00-13:00"        # a day not named is closed
      days_off: [2026-12-31]
    catalog: catalog.csv       # CSV path (relative to this file) or a list of products

Secrets never sit in this file: an option named ``secret_key_env: SENDIT_SECRET``
is read from the environment variable ``SENDIT_SECRET`` when the courier is used.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from . import answers, hours
from . import catalog as catalog_mod
from .phones import PhoneError, to_e164

CHANNELS = ("whatsapp", "sms")
LANGUAGES = ("ary-Arab", "ary-Latn", "fr", "en")
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


class CoopError(ValueError):
    """A cooperative file that cannot be imported; ``errors`` lists each problem."""

    def __init__(self, errors: list[str], source: str = "cooperative"):
        self.errors = errors
        super().__init__(f"{source}: " + "; ".join(errors))


def _sender(value, field: str, errors: list[str]) -> str | None:
    if value in (None, ""):
        return None
    try:
        return to_e164(str(value))
    except PhoneError as exc:
        errors.append(f"{field}: {exc}")
        return None


#: The customer templates a cooperative file may name: ``reopen`` reopens a WhatsApp
#: conversation older than 24 hours, so a person's reply can follow (bot/relay/).
CUSTOMER_TEMPLATES = ("reopen",)
_CONTENT_SID = re.compile(r"^HX[0-9a-fA-F]{32}$")


def _templates(value, errors: list[str]) -> dict:
    """``whatsapp_templates``: {name: content SID} for the names of CUSTOMER_TEMPLATES."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        errors.append("whatsapp_templates: must be a mapping, e.g. {reopen: HX…}")
        return {}
    out = {}
    for name, sid in value.items():
        if name not in CUSTOMER_TEMPLATES:
            errors.append(f"whatsapp_templates.{name}: unknown template "
                          f"(known: {', '.join(CUSTOMER_TEMPLATES)})")
        elif not isinstance(sid, str) or not _CONTENT_SID.match(sid.strip()):
            errors.append(f"whatsapp_templates.{name}: {sid!r} is not a content SID (HX + 32 "
                          "hexadecimal characters)")
        else:
            out[name] = sid.strip()
    return out


def parse_coop(data: dict, base_dir: Path | None = None, source: str = "cooperative") -> dict:
    """Validate a cooperative mapping; return ``{"coop", "members", "products"}``.

    ``products`` is None when the file has no catalog (keep the current one).
    """
    errors: list[str] = []
    if not isinstance(data, dict):
        raise CoopError(["the file must be a YAML mapping (key: value lines)"], source)
    slug = str(data.get("slug") or "").strip().lower()
    if not _SLUG_RE.match(slug):
        errors.append("slug: required, lowercase letters, digits and '-' (e.g. tifawin)")
    name = str(data.get("name") or "").strip()
    if not name:
        errors.append("name: required")
    whatsapp_from = _sender(data.get("whatsapp_from"), "whatsapp_from", errors)
    sms_from = _sender(data.get("sms_from"), "sms_from", errors)
    contact = _sender(data.get("contact_phone"), "contact_phone", errors)
    delivery = data.get("delivery") or {}
    if not isinstance(delivery, dict):
        errors.append("delivery: must be a mapping")
        delivery = {}
    courier = str(delivery.get("courier") or "manual").strip().lower()
    for key in ("flat_fee", "free_above"):
        if delivery.get(key) is not None:
            try:
                delivery[key] = float(delivery[key])
            except (TypeError, ValueError):
                errors.append(f"delivery.{key}: must be a number of MAD")
    members = []
    for i, m in enumerate(data.get("members") or [], start=1):
        if not isinstance(m, dict):
            errors.append(f"members[{i}]: must be a mapping with name, phone, channel, language")
            continue
        phone = _sender(m.get("phone"), f"members[{i}].phone", errors)
        channel = str(m.get("channel") or "sms").lower()
        language = str(m.get("language") or "fr")
        if channel not in CHANNELS:
            errors.append(f"members[{i}].channel: {channel!r} must be whatsapp or sms")
        if language not in LANGUAGES:
            errors.append(f"members[{i}].language: {language!r} must be one of "
                          f"{', '.join(LANGUAGES)}")
        if phone:
            members.append({"name": str(m.get("name") or "").strip(), "phone": phone,
                            "channel": channel, "language": language})
    about = answers.parse_about(data.get("about"), errors)
    opening = None
    if data.get("hours") is not None:
        try:
            opening = hours.parse_hours(data["hours"], about).to_spec()
        except hours.HoursError as exc:
            errors.extend(exc.errors)
    templates = _templates(data.get("whatsapp_templates"), errors)
    products = None
    cat = data.get("catalog")
    try:
        if isinstance(cat, str):
            path = Path(cat) if Path(cat).is_absolute() else (base_dir or Path.cwd()) / cat
            products = catalog_mod.read_csv(path)
        elif isinstance(cat, list):
            products = catalog_mod.validate_products(
                [(i, p) for i, p in enumerate(cat, start=1)], f"{source} catalog")
        elif cat is not None:
            errors.append("catalog: a CSV path or a list of products")
    except catalog_mod.CatalogError as exc:
        errors.append(str(exc))
    except OSError as exc:
        errors.append(f"catalog: cannot read {cat!r} ({exc.strerror})")
    if errors:
        raise CoopError(errors, source)
    settings = {
        "contact_phone": contact,
        "language": data.get("language") or "fr",
        "require_approval": bool(data.get("require_approval", False)),
        "delivery": {
            "courier": courier,
            "options": delivery.get("options") or {},
            "flat_fee": delivery.get("flat_fee", 30.0),
            "free_above": delivery.get("free_above"),
        },
        "whatsapp_template": data.get("whatsapp_template"),
        "whatsapp_templates": templates,
        # A basket untouched this long is not merged into a new order unasked.
        "cart_hours": float(data.get("cart_hours") or 24),
        # The language of a first message that shows none (a voice note, a product name);
        # None: Darija, or the language of a number abroad (bot.conversation.usual_lang).
        "customer_language": data.get("customer_language") or None,
        "about": about,
        # Opening hours (bot/hours.py); None: from about.hours and about.closed.
        "hours": opening,
        # Where the catalog's photo files are looked for when a CSV is uploaded in the dashboard.
        "folder": str(base_dir.resolve()) if base_dir else None,
    }
    coop = {"slug": slug, "name": name, "code": (str(data["code"]).strip().upper()
                                                 if data.get("code") else slug.upper()),
            "order_prefix": str(data.get("order_prefix") or slug[:1]).upper(),
            "whatsapp_from": whatsapp_from, "sms_from": sms_from, "settings": settings}
    return {"coop": coop, "members": members, "products": products}


def load_coop_file(path: str | Path) -> dict:
    """Read and validate a cooperative YAML file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise CoopError([f"{where}not valid YAML ({getattr(exc, 'problem', exc)})"],
                        str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CoopError([f"cannot read the file ({exc})"], str(path)) from None
    return parse_coop(data, path.parent, str(path))


def resolve_options(options: dict, environ=None) -> dict:
    """Replace ``*_env: VAR`` options by the value of the environment variable ``VAR``."""
    environ = os.environ if environ is None else environ
    resolved = {}
    for key, value in (options or {}).items():
        if key.endswith("_env") and isinstance(value, str):
            resolved[key[:-4]] = environ.get(value, "")
        else:
            resolved[key] = value
    return resolved
