"""A fake Ozon Express API.

Credentials live in the path (``/customers/{id}/{key}/...``); replies are
``{"CHECK_API": {...}, "ADD-PARCEL": {...}}`` / ``{"CHECK_API": ..., "TRACKING":
{...}}`` with ``RESULT`` SUCCESS or ERROR, errors with HTTP 200 (the shapes
mariotoys-crm and achraf_livraison show). A wrong id or key gets only
``{"CHECK_API": {"RESULT": "ERROR", "MESSAGE": "Please verify your API Key"}}``.
``flat = True`` answers add-parcel in the documentation's flat shape
(``{"TRACKING-NUMBER": ..., "RECEIVER": ...}``). Our ``tracking-number`` is used as Ozon's
tracking number; sending it twice is refused ("existe déjà"), like a real
unique key. Knobs: :class:`~tests.fakes.server.FakeCourierServer`'s plus
``set_status(ref, raw)``; ``created[reference]`` counts parcels.
"""

from __future__ import annotations

import itertools
import json
import re
import time

from flask import Flask, Response, jsonify, request

from .server import FakeCourierServer

CUSTOMER_ID = "4821"
API_KEY = "ozk_live_TOPSECRET_77aa"

#: The status labels of Ozon's dashboard filter, as observed on real parcels
#: (babyspotma-collab/mariotoys-crm, lib/ozon-categories.ts), spelling kept.
LABELS = (
    "Nouveau Colis", "Attente De Ramassage", "Ramassé", "Expédié", "Reçu",
    "Reçu En Agence De Livraison", "Envoyé à l'agence", "expédier par AMANA",
    "Mise en distribution", "En cours", "Programmé", "En Voyage", "Reporté", "Reporté ( SUIVI )",
    "reporté aujourd hui", "Retardé", "Retard Livraison 48h-72h", "client intéressé",
    "Annulé", "Annulé ( SUIVI )", "Refusé", "Retourné", "Retourné Reçu par client",
    "En retour par AMANA", "Remboursé",
    "Pas de réponse + SMS", "Pas de réponse J+2", "Pas de réponse J+3", "Pas de reponse ( SUIVI )",
    "Injoignable", "Injoignable ( SUIVI )", "Boite Vocal", "Boite Vocal ( SUIVI )", "Erreur Numero",
    "pas réponse +déplacement", "pas réponse + déplacement J+2", "pas réponse + déplacement J+3",
    "Hors-zone", "Zone Non-couverte", "Hors Secteur", "Livré",
)

DEFAULT_CITIES = {
    "1": ("Casablanca", 25), "37": ("Agadir", 35), "12": ("Fes", 35), "14": ("Marrakech", 35),
    "20": ("Rabat", 30), "21": ("Sale", 30), "33": ("Tanger", 35), "40": ("Meknes", 35),
}


class FakeOzon(FakeCourierServer):
    """Fake Ozon Express; ``base_url`` is the API root."""

    def __init__(self, customer_id: str = CUSTOMER_ID, api_key: str = API_KEY,
                 cities: dict | None = None):
        self.customer_id = customer_id
        self.api_key = api_key
        self.cities = {k: {"ID": int(k), "NAME": n, "DELIVERED-PRICE": p, "RETURNED-PRICE": 10,
                           "REFUSED-PRICE": 10} for k, (n, p) in (cities or DEFAULT_CITIES).items()}
        self.parcels: dict[str, dict] = {}
        self.flat = False
        self._numbers = itertools.count(50001)
        super().__init__()

    def options(self, **extra) -> dict:
        """Adapter options pointing at this fake."""
        return {"base_url": self.base_url, "customer_id": self.customer_id,
                "api_key": self.api_key, **extra}

    # -- knobs -------------------------------------------------------------

    def set_status(self, ref_or_code: str, raw: str) -> str:
        """Append a tracking event; returns the tracking number."""
        with self.lock:
            parcel = self.parcels[ref_or_code]
            parcel["history"].append({"STATUT": raw, "TIME": int(time.time())})
            return parcel["TRACKING-NUMBER"]

    # -- app ---------------------------------------------------------------

    def validation_response(self, message: str, status: int) -> Response:
        envelope = "TRACKING" if request.path.endswith("/tracking") else "ADD-PARCEL"
        return jsonify({envelope: {"RESULT": "ERROR", "MESSAGE": message}}), status

    def build_app(self, app: Flask) -> None:
        app.add_url_rule("/cities", view_func=self._cities)
        app.add_url_rule("/customers/<cid>/<key>/add-parcel", view_func=self._add, methods=["POST"])
        app.add_url_rule("/customers/<cid>/<key>/tracking", view_func=self._track, methods=["POST"])

    def _cities(self):
        return jsonify({"CITIES": self.cities})

    def _bad_credentials(self, cid: str, key: str) -> bool:
        return cid != self.customer_id or key != self.api_key

    @staticmethod
    def _reply(envelope: str, inner: dict):
        return jsonify({"CHECK_API": {"RESULT": "SUCCESS", "MESSAGE": ""}, envelope: inner})

    @staticmethod
    def _refused_key():
        return jsonify({"CHECK_API": {"RESULT": "ERROR", "MESSAGE": "Please verify your API Key"}})

    def _add(self, cid: str, key: str):
        if self._bad_credentials(cid, key):
            return self._refused_key()
        form = request.form
        problem = self._invalid(form)
        if problem:
            return self._reply("ADD-PARCEL", {"RESULT": "ERROR", "MESSAGE": problem})
        with self.lock:
            number = form.get("tracking-number") or f"OZ{next(self._numbers)}"
            if number in self.parcels:
                return self._reply("ADD-PARCEL", {"RESULT": "ERROR",
                                                  "MESSAGE": "Le numéro de suivi existe déjà"})
            parcel = {"TRACKING-NUMBER": number, "form": form.to_dict(),
                      "history": [{"STATUT": "Nouveau Colis", "TIME": int(time.time())}]}
            self.parcels[number] = parcel
            self.created[number] += 1
        city = self.cities[form["parcel-city"]]
        new = {"TRACKING-NUMBER": number, "RECEIVER": form["parcel-receiver"],
               "PHONE": form["parcel-phone"], "CITY_ID": city["ID"], "CITY_NAME": city["NAME"],
               "PRICE": form["parcel-price"], "DELIVERED-PRICE": city["DELIVERED-PRICE"]}
        if self.flat:
            return jsonify(new)
        return self._reply("ADD-PARCEL", {"RESULT": "SUCCESS", "MESSAGE": "Colis ajouté",
                                          "NEW-PARCEL": new})

    def _invalid(self, form) -> str | None:
        for key in ("parcel-receiver", "parcel-phone", "parcel-city",
                    "parcel-address", "parcel-price"):
            if not form.get(key):
                return f"Champ obligatoire manquant : {key}"
        if form["parcel-city"] not in self.cities:
            return "Ville invalide"
        if not re.fullmatch(r"\d+", form["parcel-price"]):
            return "Prix invalide"
        if not re.fullmatch(r"0[5-7]\d{8}", form["parcel-phone"]):
            return "Téléphone invalide"
        if form.get("parcel-open", "1") not in ("1", "2"):      # documented: 1 open, 2 do not
            return "Valeur parcel-open invalide"
        price = int(form["parcel-price"])
        if (price == 0 or price > 5000) and int(form.get("parcel-declared-value") or 0) < 50:
            return "Valeur déclarée obligatoire (min 50 DH)"           # documented rule
        if form.get("parcel-stock") == "1" and not self._products(form.get("products")):
            return "Produits obligatoires pour un colis en stock"
        return None

    def _track_bulk(self, numbers: list):
        """The documented bulk form (JSON ``{"tracking-number": [...]}``). Its reply
        is not documented: here a list of the single replies (an assumption)."""
        items = []
        with self.lock:
            for number in numbers:
                parcel = self.parcels.get(str(number))
                if parcel is None:
                    items.append({"RESULT": "ERROR", "TRACKING-NUMBER": number,
                                  "MESSAGE": "Colis introuvable"})
                    continue
                history = list(parcel["history"])
                items.append({"RESULT": "SUCCESS", "TRACKING-NUMBER": number,
                              "LAST_TRACKING": history[-1],
                              "HISTORY": {str(i): h for i, h in enumerate(history)}})
        return self._reply("TRACKING", items)

    @staticmethod
    def _products(raw: str | None) -> list | None:
        """The documented ``products`` JSON: ``[{"ref": "PROD001", "qnty": 2}]``."""
        try:
            products = json.loads(raw or "")
        except ValueError:
            return None
        ok = isinstance(products, list) and products and all(
            isinstance(p, dict) and p.get("ref") and isinstance(p.get("qnty"), int)
            for p in products)
        return products if ok else None

    def _track(self, cid: str, key: str):
        if self._bad_credentials(cid, key):
            return self._refused_key()
        body = request.get_json(silent=True)
        if isinstance(body, dict) and isinstance(body.get("tracking-number"), list):
            return self._track_bulk(body["tracking-number"])
        number = request.form.get("tracking-number", "")
        with self.lock:
            parcel = self.parcels.get(number)
            if parcel is None:
                return self._reply("TRACKING", {"RESULT": "ERROR", "MESSAGE": "Colis introuvable"})
            history = list(parcel["history"])
        return self._reply("TRACKING", {
            "RESULT": "SUCCESS", "TRACKING-NUMBER": number,
            "LAST_TRACKING": history[-1], "HISTORY": {str(i): h for i, h in enumerate(history)},
        })
