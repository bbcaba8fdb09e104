"""The operator dashboard at ``/admin``: orders, cooperatives, catalogs.

Server-rendered (Jinja), no JavaScript needed. Protected by ``ADMIN_TOKEN``
(empty: the dashboard does not exist, every ``/admin`` URL is 404):

* a login form posts the token (16 characters at least, else the dashboard answers 503),
  compared with :func:`hmac.compare_digest`; success puts a marker derived from the token
  and a session id in Flask's signed session cookie (HttpOnly, SameSite=Lax, Secure
  except on localhost: ``COOKIE_SECURE``), so changing the token logs everybody out; the
  session id is kept in the database until logout (or 12 hours);
* wrong tokens are counted in the database per address and overall: past 10 (100) in
  5 minutes a login is refused with 429 before its token is compared (a 429 tells nothing
  about the token), except from a browser that logged in before (its device cookie, bound
  to the token), which is judged by its own failures only: operators are not locked out;
* every POST form carries a per-session CSRF token, checked before the view runs;
* pages are ``no-store`` and may not be framed; phone numbers are masked in lists.

Writes go through ``store``/``service``: a status change records an order event
with actor ``admin``; a cancellation uses :func:`orders.cancel_order` so the
customer and members are told; retrying a failed forward puts the order back to
``confirmed`` and queues a new ``courier.forward`` job (a new dedupe key per retry).

One blueprint, ``admin``, split by area: ``common`` (the blueprint, texts, Morocco time, the
audit helper, template filters), ``auth`` (login, CSRF, session, ``init_app``), ``orders``,
``downloads`` (CSV, JSON lines, slips), ``money``, ``coops`` (catalogs, photos, members) and
``inbox`` (the team inbox: customers waiting for a person, replies, take / release / end).
Importing this package imports every area, so every route is on ``bp`` before it is
registered; endpoint names (``admin.orders``, …) are those of one flat module.
"""

from __future__ import annotations

from . import auth, coops, downloads, inbox, money, orders  # noqa: F401  (each adds its routes to bp)
from .auth import init_app
from .common import STATUSES, bp, local, log

__all__ = ["STATUSES", "bp", "init_app", "local", "log"]
