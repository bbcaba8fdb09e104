"""The corpus: the cooperatives of ``coops.yml`` and the scripted conversations of every other
file under ``tests/data/conversations/``, checked as they are read (unique ids and numbers,
known SKUs, totals that add up); every 4th conversation of each file is held out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ... import datafiles

ROOT = datafiles.ROOT
CORPUS = ROOT / "tests" / "data" / "conversations"
LANGS = ("ary-Arab", "ary-Latn", "fr", "en", "mix")
SPLITS = ("tuned", "heldout")



class CorpusError(ValueError):
    """A corpus file is malformed or contradicts itself (unknown SKU, wrong total…)."""



@dataclass
class Coop:
    key: str                    # the name conversations use: demo, souk…
    data: dict                  # the cooperative mapping, as a coop.yml holds it
    base_dir: Path
    prices: dict = field(default_factory=dict)   # sku → price
    flat_fee: float = 0.0
    free_above: float | None = None

    def fee(self, subtotal: float) -> float:
        if self.free_above is not None and subtotal >= self.free_above:
            return 0.0
        return self.flat_fee



@dataclass
class Conversation:
    id: str
    file: str
    position: int
    split: str
    lang: str
    catalog: str
    channel: str
    phone: str
    messages: list              # str, or {"pin": [lat, lon], "address": "…"}
    order: dict | None          # {"lines": {sku: qty}, "city", "name", "total"} or None
    reason: str | None          # why no order: walk-away, cancel, question…
    product_at: int = 1         # 1-based: the first customer message naming a product
    min_turns: int | None = None  # the fewest messages a shopkeeper needs, product to yes
    note: str = ""

    @property
    def one_product(self) -> bool:
        return bool(self.order and len(self.order["lines"]) == 1)

    @property
    def upfront(self) -> bool:
        """Product and delivery details in one message: a shopkeeper needs only the yes."""
        return self.min_turns is not None and self.min_turns <= 2



def load_coops(corpus: Path = CORPUS) -> dict[str, Coop]:
    from ...coops import load_coop_file, parse_coop

    raw = yaml.safe_load((corpus / "coops.yml").read_text(encoding="utf-8")) or {}
    coops = {}
    for key, spec in raw.items():
        if "file" in spec:
            path = (corpus / spec["file"]).resolve()
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            base = path.parent
            parsed = load_coop_file(path)
        else:
            data, base = dict(spec), corpus
            parsed = parse_coop(dict(spec), corpus, f"coops.yml:{key}")
        delivery = parsed["coop"]["settings"]["delivery"]       # parse_coop fills the defaults
        free = delivery.get("free_above")
        prices = {p["sku"]: float(p["price"]) for p in parsed["products"]}
        coops[key] = Coop(key, data, base, prices, float(delivery.get("flat_fee") or 0),
                          None if free is None else float(free))
    return coops



def _phone(raw, where: str) -> str:
    from ...phones import PhoneError, to_e164
    try:
        return to_e164(str(raw))
    except PhoneError as exc:
        raise CorpusError(f"{where}: {exc}") from None



def _order(spec, coop: Coop, where: str) -> dict:
    if not isinstance(spec, dict) or set(spec) != {"lines", "city", "name", "total"}:
        raise CorpusError(f"{where}: order needs exactly lines, city, name, total")
    lines = spec["lines"]
    if not isinstance(lines, dict) or not lines:
        raise CorpusError(f"{where}: lines must map SKU to quantity")
    for sku, qty in lines.items():
        if sku not in coop.prices:
            raise CorpusError(f"{where}: {sku} is not in the {coop.key} catalog")
        if not isinstance(qty, int) or qty < 1:
            raise CorpusError(f"{where}: quantity of {sku} must be a positive whole number")
    subtotal = sum(coop.prices[sku] * qty for sku, qty in lines.items())
    total = subtotal + coop.fee(subtotal)
    if abs(float(spec["total"]) - total) > 0.005:
        raise CorpusError(f"{where}: total {spec['total']} but the lines cost {subtotal:g} "
                          f"+ {coop.fee(subtotal):g} delivery = {total:g}")
    return {"lines": dict(lines), "city": str(spec["city"]), "name": str(spec["name"]),
            "total": float(spec["total"])}



def _messages(raw, where: str) -> list:
    if not isinstance(raw, list) or not raw:
        raise CorpusError(f"{where}: messages must be a non-empty list")
    out: list[str | dict] = []
    for m in raw:
        if isinstance(m, dict) and "pin" in m:
            lat, lon = m["pin"]
            out.append({"pin": [float(lat), float(lon)], "address": m.get("address")})
        elif isinstance(m, (str, int, float)) and str(m).strip():
            out.append(str(m))
        else:
            raise CorpusError(f"{where}: a message is a text or a {{pin: [lat, lon]}}")
    return out



def load_corpus(corpus: Path = CORPUS, coops: dict[str, Coop] | None = None) -> list[Conversation]:
    """Every conversation, checked: unique ids and numbers, known SKUs, totals that add up."""
    coops = coops if coops is not None else load_coops(corpus)
    convs: list[Conversation] = []
    problems: list[str] = []
    ids: set[str] = set()
    phones: set[str] = set()
    for path in sorted(corpus.glob("*.yml")):
        if path.name == "coops.yml":
            continue
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        defaults = doc.get("defaults") or {}
        for pos, item in enumerate(doc.get("conversations") or []):
            try:
                convs.append(_conversation(path, pos, {**defaults, **item}, coops, ids, phones))
            except CorpusError as exc:
                problems.append(str(exc))
    if problems:
        raise CorpusError("\n".join(problems))
    return convs



def _conversation(path: Path, pos: int, spec: dict, coops: dict[str, Coop], ids: set,
                  phones: set) -> Conversation:
    cid = str(spec.get("id") or "")
    where = f"{path.name}:{cid or pos + 1}"
    if not cid or cid in ids:
        raise CorpusError(f"{where}: every conversation needs a unique id")
    ids.add(cid)
    split = SPLITS[1] if pos % 4 == 3 else SPLITS[0]
    if spec.get("split") not in (None, split):
        raise CorpusError(f"{where}: split is assigned by position ({split})")
    lang = spec.get("lang")
    if lang not in LANGS:
        raise CorpusError(f"{where}: lang must be one of {', '.join(LANGS)}")
    catalog = spec.get("catalog")
    coop = coops.get(catalog) if isinstance(catalog, str) else None
    if coop is None:
        raise CorpusError(f"{where}: unknown catalog {spec.get('catalog')!r}")
    channel = spec.get("channel", "whatsapp")
    if channel not in ("whatsapp", "sms"):
        raise CorpusError(f"{where}: channel is whatsapp or sms")
    phone = _phone(spec.get("phone"), where)
    # A customer's name and address are kept per number, across cooperatives: a number used
    # twice would offer the second conversation the first one's details.
    if phone in phones:
        raise CorpusError(f"{where}: phone {phone} already used by another conversation")
    phones.add(phone)
    messages = _messages(spec.get("messages"), where)
    has_order, reason = "order" in spec, spec.get("no_order")
    if has_order == bool(reason):
        raise CorpusError(f"{where}: give either an order or no_order: <reason>")
    order = _order(spec["order"], coop, where) if has_order else None
    product_at = int(spec.get("product_at", 1))
    if not 1 <= product_at <= len(messages):
        raise CorpusError(f"{where}: product_at is outside the messages")
    min_turns = spec.get("min_turns")
    if order is not None and not (isinstance(min_turns, int) and 2 <= min_turns):
        raise CorpusError(f"{where}: an order needs min_turns (2 or more)")
    return Conversation(cid, path.name, pos, split, lang, coop.key, channel, phone,
                        messages, order, reason, product_at, min_turns,
                        str(spec.get("note") or ""))
