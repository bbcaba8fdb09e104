"""A fake Sendit API (``/api/v1``) speaking the shapes the adapter expects.

State: credentials, issued tokens, paginated districts, deliveries by code.
Statuses as the sources list them (``STATUSES``); returns come in the separate
``status_return`` field (``RETURN_STATUSES``), not as a ``status``.
Knobs (besides :class:`~tests.fakes.server.FakeCourierServer`'s):
``expire_tokens()``, ``set_status(ref_or_code, raw)``,
``signed_webhook(ref_or_code, new_status)`` → ``(body, headers)``.
``created[reference]`` counts parcels per reference (Sendit itself does not
deduplicate: duplicates show up there).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import re
import secrets as _secrets

from flask import Flask, Response, jsonify, request

from .server import FakeCourierServer

PUBLIC_KEY = "pk_test_3f9a"
#: Delivery statuses seen in the sources (GET /all-status-deliveries) and return statuses.
STATUSES = ("PENDING", "TO_PREPARE", "TO_PICKUP", "NEW_DESTINATION", "PICKEDUP", "WAREHOUSE",
            "TRANSIT", "DISTRIBUTED", "DELIVERING", "UNREACHABLE", "POSTPONED", "SCHEDULED",
            "DELIVERED", "CANCELED", "REJECTED")
RETURN_STATUSES = ("RETOUR_PENDING", "TORETURN", "RETURN_WAREHOUSE", "RETURN_TOCHECK",
                   "RETURN_STOCK", "RETURN_SELLER")
SECRET_KEY = "sk_test_SUPERSECRET_91b2"

_NAMED = [
    (1, "Casablanca", "الدار البيضاء", "Casablanca", 20),
    (2, "Rabat", "الرباط", "Rabat", 35),
    (3, "Fès", "فاس", "Fès", 35),
    (4, "Fès - Saiss", "فاس سايس", "Fès", 35),
    (5, "Marrakech", "مراكش", "Marrakech", 35),
    (6, "Tanger", "طنجة", "Tanger", 35),
    (7, "Agadir", "أكادير", "Agadir", 40),
    (8, "Salé", "سلا", "Salé", 35),
    (9, "Maarif", "المعاريف", "Casablanca", 20),
    (10, "Meknès", "مكناس", "Meknès", 35),
]


def default_districts(total: int = 45) -> list[dict]:
    """Named districts first, then filler ones: enough for 3 pages of 20."""
    rows = [{"id": i, "name": n, "arabic_name": a, "ville": v, "price": p, "delais": "24h-48h"}
            for i, n, a, v, p in _NAMED]
    for i in range(len(rows) + 1, total + 1):
        rows.append({"id": i, "name": f"Douar {i}", "arabic_name": None, "ville": "Province",
                     "price": 45, "delais": "48h-72h"})
    return rows


class FakeSendit(FakeCourierServer):
    """Fake Sendit; ``base_url`` already ends with ``/api/v1``."""

    per_page = 20
    search_fields = ("code", "name", "phone", "address")

    def __init__(self, public_key: str = PUBLIC_KEY, secret_key: str = SECRET_KEY,
                 districts: list[dict] | None = None):
        self.public_key = public_key
        self.secret_key = secret_key
        self.tokens: set[str] = set()
        self.logins = 0
        self.districts = districts if districts is not None else default_districts()
        self.deliveries: dict[str, dict] = {}
        self.cancelled: list[str] = []
        self._codes = itertools.count(1001)
        super().__init__()

    @property
    def base_url(self) -> str:
        return f"{super().base_url}/api/v1"

    def options(self, **extra) -> dict:
        """Adapter options pointing at this fake."""
        return {"base_url": self.base_url, "public_key": self.public_key,
                "secret_key": self.secret_key, "pickup_district_id": 1, **extra}

    # -- knobs -------------------------------------------------------------

    def expire_tokens(self) -> None:
        """Every issued token now gets 401."""
        with self.lock:
            self.tokens.clear()

    def delivery(self, ref_or_code: str) -> dict:
        with self.lock:
            if ref_or_code in self.deliveries:
                return self.deliveries[ref_or_code]
            for d in self.deliveries.values():
                if d["reference"] == ref_or_code:
                    return d
        raise KeyError(ref_or_code)

    def set_status(self, ref_or_code: str, raw: str, status_return: str | None = None) -> str:
        """Change a parcel's status (and its separate return status); returns its code."""
        with self.lock:
            d = self.delivery(ref_or_code)
            d["status"] = raw
            d["status_return"] = status_return
            return d["code"]

    def signed_webhook(self, ref_or_code: str, new_status: str, secret: str | None = None,
                       encoding: str = "hex", **extra) -> tuple[bytes, dict]:
        """Set the status and build the webhook Sendit would POST to us.

        Sendit signs with the API key chosen when the webhook was created
        (``secret``, default the secret key); sources disagree on hex or base64
        (``encoding``), so both are produced."""
        with self.lock:
            d = self.delivery(ref_or_code)
            old = d["status"]
            self.set_status(d["code"], new_status)
            payload = {"event": "delivery.status.update", "code": d["code"],
                       "reference": d["reference"],
                       "oldStatus": old, "newStatus": new_status,
                       "lastActionAt": "2026-06-11 16:05:05", **extra}
        body = json.dumps(payload).encode()
        digest = hmac.new((secret or self.secret_key).encode(), body, hashlib.sha256).digest()
        signature = base64.b64encode(digest).decode() if encoding == "base64" else digest.hex()
        return body, {"Content-Type": "application/json", "X-Sendit-Signature": signature}

    # -- app ---------------------------------------------------------------

    def validation_response(self, message: str, status: int) -> Response:
        if status == 200:
            return jsonify({"success": False, "message": message, "data": None})
        return jsonify({"success": False, "message": message, "errors": {}}), status

    def build_app(self, app: Flask) -> None:
        app.add_url_rule("/api/v1/login", view_func=self._login, methods=["POST"])
        app.add_url_rule("/api/v1/districts", view_func=self._districts)
        app.add_url_rule("/api/v1/deliveries", view_func=self._create, methods=["POST"])
        app.add_url_rule("/api/v1/deliveries", view_func=self._search, methods=["GET"])
        app.add_url_rule("/api/v1/deliveries/<code>", view_func=self._show)
        app.add_url_rule("/api/v1/deliveries/<code>", view_func=self._delete, methods=["DELETE"])

    def _authorized(self) -> bool:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        with self.lock:
            return token in self.tokens

    @staticmethod
    def _unauthenticated():
        return jsonify({"message": "Unauthenticated."}), 401

    def _login(self):
        body = request.get_json(silent=True) or {}
        if body.get("public_key") != self.public_key or body.get("secret_key") != self.secret_key:
            return jsonify({"success": False, "message": "Identifiants incorrects",
                            "data": None}), 401
        token = _secrets.token_hex(16)
        with self.lock:
            self.tokens.add(token)
            self.logins += 1
        return jsonify({"success": True, "message": "", "data": {"token": token, "name": "Coop"}})

    def _paginate(self, rows: list[dict]):
        page = max(int(request.args.get("page", 1)), 1)
        last = max((len(rows) + self.per_page - 1) // self.per_page, 1)
        chunk = rows[(page - 1) * self.per_page: page * self.per_page]
        return jsonify({"success": True, "message": "", "data": chunk, "total": len(rows),
                        "per_page": self.per_page, "current_page": page, "last_page": last})

    def _districts(self):
        """Prices depend on ``pickup-district``: same city as the pickup 20 MAD,
        elsewhere the listed price (Casablanca's table) or 35 when the pickup is
        elsewhere. Without the parameter, Casablanca's prices."""
        if not self._authorized():
            return self._unauthenticated()
        pickup = request.args.get("pickup-district")
        origin = next((d for d in self.districts if str(d["id"]) == pickup), None)
        if origin is None or origin["ville"] == "Casablanca":
            return self._paginate(self.districts)
        rows = [{**d, "price": 20 if d["ville"] == origin["ville"] else max(d["price"], 35)}
                for d in self.districts]
        return self._paginate(rows)

    def _create(self):
        if not self._authorized():
            return self._unauthenticated()
        body = request.get_json(silent=True) or {}
        problem = self._invalid_delivery(body)
        if problem:
            # Field errors under ``data`` (merouaneamqor/morea-commerce, Sendit::Client#parse!).
            field, text = problem
            return jsonify({"success": False, "message": "Les données ne sont pas valides.",
                            "data": {field: [text]}})
        district = next(d for d in self.districts if d["id"] == body["district_id"])
        with self.lock:
            code = f"SND{next(self._codes)}"
            delivery = {**body, "code": code, "status": "PENDING", "status_return": None,
                        "fee": district["price"],
                        "district": {"id": district["id"], "name": district["name"],
                                     "ville": district["ville"], "price": district["price"]}}
            self.deliveries[code] = delivery
            self.created[str(body.get("reference") or "")] += 1
        return jsonify({"success": True, "message": "Colis créé", "data": delivery})

    def _invalid_delivery(self, body: dict) -> tuple[str, str] | None:
        for key in ("pickup_district_id", "district_id", "name", "phone", "address", "amount"):
            if body.get(key) in (None, ""):
                return key, f"Le champ {key} est obligatoire."
        if not re.fullmatch(r"0[5-7]\d{8}", str(body["phone"])):
            return "phone", "Le numéro de téléphone est invalide."
        if not any(d["id"] == body["district_id"] for d in self.districts):
            return "district_id", "Le quartier sélectionné est invalide."
        return None

    def _search(self):
        """``querystring`` searches code, name, phone and address (what a source
        lists); not the reference, which is not confirmed to be searched."""
        if not self._authorized():
            return self._unauthenticated()
        query = request.args.get("querystring", "")
        with self.lock:
            rows = [d for d in reversed(list(self.deliveries.values()))
                    if not query or any(query in str(d.get(k) or "") for k in self.search_fields)]
        return self._paginate(rows)

    #: Statuses in which a parcel can still be deleted (not picked up yet).
    deletable = ("PENDING", "TO_PREPARE")

    def _parcel(self, code: str):
        """``(delivery, None)`` or ``(None, error reply)`` for an authorized call."""
        if not self._authorized():
            return None, self._unauthenticated()
        with self.lock:
            d = self.deliveries.get(code)
        if d is None:
            return None, (jsonify({"success": False, "message": "Colis introuvable", "data": None}),
                          404)
        return d, None

    def _delete(self, code: str):
        """``DELETE /deliveries/{code}``: only before pickup (morea-commerce's
        ``cancellable?``); the shape of Sendit's refusal is assumed."""
        d, refusal = self._parcel(code)
        if refusal:
            return refusal
        with self.lock:
            if d["status"] not in self.deletable:
                return jsonify({"success": False, "message": "Ce colis ne peut plus être supprimé.",
                                "data": None}), 422
            d["status"] = "CANCELED"
            self.cancelled.append(code)
        return jsonify({"success": True, "message": "Colis supprimé", "data": None})

    def _show(self, code: str):
        d, refusal = self._parcel(code)
        return refusal or jsonify({"success": True, "message": "", "data": d})
