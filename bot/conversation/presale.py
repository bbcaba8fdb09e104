"""Pre-sale questions (answers in bot/answers.py), and the short turns around them:
nothing asked, goodbye, thanks, resume.
"""

from __future__ import annotations

from .. import answers, nlu
from ..nlu import details as nlu_details
from . import basket
from .asides import available, catalog, mentioned_skus, price, reprompt
from .basket import context_family, family_name
from .handoffs import handoff
from .model import (
    DETAIL_STATES,
    LETTERS,
    AlertMembers,
    ChoiceQuestion,
    QtyQuestion,
    Question,
    Turn,
    has_order_content,
)
from .parts import fragments
from .quantities import counts_said

# --------------------------------------------------------------------------
# Pre-sale questions (answers in bot/answers.py)
# --------------------------------------------------------------------------



# Topics about a product that a price question about that product answers well enough.
_ABOUT_PRODUCTS = ("argan_types", "authenticity")
_CLEAR = nlu.parser.CLEAR_TOPIC   # asked even with a number in it ("les deux huiles")
# A question about one product: its sizes and prices after the answer, when no more than
# these ("votre miel est-il bio ?" about six honeys: the answer, then "what would you like?")
_PRICED_AFTER_ANSWER = 4


_HAGGLE = 2.0    # two price remarks ("ghali bzaf, n9s lia"): a haggle, whatever else is said


def _product_asked_apart(turn: Turn) -> bool:
    """Does the message's first question, alone, ask about a product and nothing off the
    topic ("do u have henna?" before "my sister is getting married"; not "do you have jobs?
    I can sell henna")?"""
    text = turn.event.text
    asked = text.split("?", 1)[0]
    if asked == text:
        return False
    read = nlu.parse(asked, turn.ctx.index)
    return has_order_content(read) and read.topic != "off_topic"


def _after_the_order(turn: Turn) -> bool:
    """Nothing in the basket, an order placed, and no product named but those of it: what
    is said is about that order ("the saffron I received is fake")."""
    if turn.state != "start" or turn.data["cart"] or turn.data["queue"]:
        return False
    order = turn.ctx.latest_order()
    if order is None:
        return False
    ordered = {line["sku"] for line in order.get("lines") or []}
    p = turn.p
    return all(i.sku in ordered for i in p.items) and all(
        ordered & set(a.candidates) for a in p.ambiguous)


def _question_topic(turn: Turn) -> str | None:
    """The pre-sale topic this message asks about, if the conversation should answer it."""
    p = turn.p
    content = has_order_content(p)
    quantity = any(i.quantity for i in p.items) or any(a.quantity for a in p.ambiguous)
    offered = turn.data.get("details_offered") and (      # "Sam Hill, Chefchaouen, Hotel …"
        (turn.found and turn.found.address)
        or any(nlu_details.city_only(f)[1] for f in fragments(turn.event.text)[1:])
        or nlu_details.bare_name(turn.event.text))   # "Mary Jane": a name, no off-topic word
    if (turn.state in DETAIL_STATES + ("confirm", "offer_saved") or offered) \
            and not p.question and (p.topic_score < _CLEAR or p.address_cue or offered):
        return None                        # a name, a city, an address, "changer l'adresse"
    if p.topic and p.size_hint and not p.question and turn.data["queue"] \
            and turn.data["queue"][0]["type"] == "choice":
        return None                        # "which one?" — "the cheaper one": the small one
    if p.topic == "off_topic" and content and _product_asked_apart(turn):
        return None                        # "do u have henna? my sister is getting married":
        #                                    a product asked for, the rest a remark
    if p.topic == "advice":        # "I need a gift… what would you suggest?", not "2 gift boxes"
        return None if any((i.quantity or 0) > 1 for i in p.items) else p.topic
    if p.topic == "returns" and _after_the_order(turn):
        return p.topic                     # "I received the wrong product, I ordered 2g…",
        #                                    "the saffron is fake, I want a refund": no order
    if (p.topic == "returns" and not p.question and turn.state == "ordering"
            and turn.data["cart"] and nlu_details.says(turn.event.text, "correction")
            and (content or counts_said(turn, turn.event.text))):
        return None                        # "ghalat, bghit 3" (my mistake, I want 3) with a
        #                                    basket: its count corrected, no returns policy
    if p.topic:
        if p.intent in ("confirm", "deny") and not p.question:
            return None                    # "wakha, ghadi nkhlles 3nd twsil": a yes, not a question
        if not p.question and turn.data["cart"] and (
                any(basket.cart_qty(turn, getattr(r, "sku", None)) for r in p.removed)
                or (nlu_details.has_marker(turn.event.text, "remove") and p.intent != "cancel"
                    and turn.state in ("ordering", "confirm") and p.topic_score < _HAGGLE)):
            return None                    # "no gift box, too expensive": taken out first
            # (not a haggle said twice: "ghali bzaf, n9s lia chwiya", "n9s" is also "remove")
        if quantity and p.intent == "order" and not (
                p.question and (p.topic_score >= _CLEAR or p.topic_apart)):
            return None                    # "bghit 2 amlou, wach katkhlso f lbab": order first
            # (the answer first when the question stands apart: "…? bghit 1 amlou")
        if p.intent == "price" and content and p.topic in _ABOUT_PRODUCTS:
            return None                    # "ch7al zit argan dyal lmakla?": its prices
        if content and p.intent == "order" and not p.question and p.topic != "discount":
            return None
        if p.topic == "delivery" and p.intent == "status" and turn.ctx.latest_order():
            return None                    # "imta twsl?" about an order already placed
        return p.topic
    if p.intent == "delivery" and not quantity:
        return "delivery"
    if (p.what_is and (mentioned_skus(p) or p.unknown_products) and p.intent != "price"
            and not p.cart_cue and (not quantity or (p.question and not nlu.intents.cue_scores(
                nlu.textnorm.tokens(turn.event.text)).get("order")))):
        return "what_is"    # "what is khlii?", "c'est quoi les 4 huiles dedans ?": no order
    if (p.intent == "catalog" and not (p.items or p.ambiguous)
            and (p.unknown_products or p.unknown_words)):
        return "availability"
    if (p.intent == "catalog" and (p.items or p.ambiguous) and p.question
            and turn.state not in ("start", "ordering")):
        return "availability"              # "do you sell olive oil?" at the summary: kept
    if turn.state in DETAIL_STATES or not p.question or (turn.state == "confirm" and p.field):
        return None                        # "can you change the city to Sale?": a change
    if p.cart_cue and turn.data["cart"]:
        return None                        # "what's in my cart?", "what's the total?"
    if (turn.data["cart"] and (turn.soft_words or p.size_hint or p.number is not None
                               or any(c.isdigit() for c in turn.event.text))
            and nlu_details.says(turn.event.text, "correction")):
        return None     # "can you make it blue instead?", "could I change it to the big one?":
        #                 a change of the basket asked politely, not a question for the members
    if (turn.data.get("last_list") or turn.data["queue"]) and size_said(turn.event.text):
        return None         # "oh really? 2 of the 250g then" after the sizes shown: an order
    if p.intent in ("unknown", "greet") and not content and LETTERS.search(turn.event.text):
        return "ask_coop"                  # not "???"
    return None


def _wanted_after_question(turn: Turn) -> bool:
    """"do you ship to Agadir? I want the beige blanket": after the question, a product
    wanted (an order word and a product), not only asked about ("is the sidr honey pure?",
    "how long does delivery take?")."""
    tail = turn.event.text
    for mark in nlu.questions.QUESTION_MARKS:
        tail = tail.rsplit(mark, 1)[-1]
    if not tail.strip() or tail == turn.event.text:
        return False
    read = nlu.parse(tail, turn.ctx.index)
    return has_order_content(read) and bool(nlu.intents.cue_scores(
        nlu.textnorm.tokens(tail)).get("order"))


def size_said(text: str) -> bool:
    """Does ``text`` say a measure with its unit ("the 100ml", "500 g")?"""
    spans = nlu.grammar.tag_tokens(nlu.textnorm.tokens(text))
    return any(a.kind in ("num", "frac") and b.kind == "unit"
               for a, b in zip(spans, spans[1:], strict=False))


def pre_sale(turn: Turn) -> bool:
    """Answer a question asked before buying; True when the message was one.

    The answer's facts come from the cooperative file (:mod:`bot.answers`); then the
    pending step is offered again in one line. A question the file cannot answer offers
    a person, and the next "iyeh" / "la" answers that offer.
    """
    p = turn.p
    topic = _question_topic(turn)
    if topic is None:
        return False
    turn.topic = topic
    named = mentioned_skus(p) or (_sold_head(turn) if topic in _ABOUT_PRODUCTS else [])
    if topic == "availability" or (topic in _ABOUT_PRODUCTS and p.unknown_products
                                   and not named):
        available(turn)                   # "is the argan oil pure?" where none is sold
        return True
    if topic == "what_is":                # "c'est quoi le khlii ?": the members are asked to
        if not mentioned_skus(p):             # tell more; meanwhile its prices, and how many
            available(turn)               # one not sold here: "we don't sell it", the closest
            return True
        turn.say("faq_what_is_passed")
        turn.act(AlertMembers(kind="question", text=turn.event.text))
        price(turn)
        return True
    if topic == "advice":                 # "I need a gift, what would you suggest?": the
        if mentioned_skus(p) or context_family(turn):      # products named, priced, kept in mind
            price(turn)
        else:
            catalog(turn)
        return True
    city = p.city or turn.data["details"].get("city")
    answer = answers.answer(topic, turn.lang, turn.ctx.coop, city=city,
                            cities=turn.ctx.courier_cities() if topic == "delivery" else None)
    if topic == p.topic and p.also_topics and not answer.offer_person:
        answer = _also(turn, answer, city)  # "do you deliver to Fes? and can I pay by card?"
    found = turn.found or nlu_details.extract(turn.event.text) \
        if turn.state in DETAIL_STATES else None
    if found and found.address and not answer.offer_person:
        # "Sara, Rabat, hay riad rue 5, can you deliver it on friday?" at the details: the
        # answer, then the details taken (they were dropped, and all asked again)
        turn.replies.extend(answer.replies)
        return False
    wanted = (p.items or p.ambiguous) and _wanted_after_question(turn)
    if (p.intent == "order" and not answer.offer_person
            and (any(i.quantity for i in p.items) or any(a.quantity for a in p.ambiguous)
                 or (wanted and turn.state in ("start", "ordering"))
                 or (p.unknown_products and topic == "delivery"
                     and (p.address_cue or turn.volunteered)))):
        # ("could I order 2 argan soaps? Deliver to Sarah Miller, Riad …": the answer, then
        # "we don't sell argan soap" and the closest, the details kept)
        # ("do you ship to Agadir? I want the beige blanket": the answer, then how many)
        turn.replies.extend(answer.replies)     # "… 2 amlou, … Can I pay cash?": the answer,
        return False                            # then the order as any other ("which one?")
    counted = any(i.quantity for i in p.items) or any(a.quantity for a in p.ambiguous)
    if (topic == "ask_coop" and p.intent == "order" and counted
            and turn.state in ("start", "ordering")):
        # "je veux 3 confitures de figues, vous faites emballage cadeau ?": the question goes
        # to the members, and the order as any other (offering a person lost the lines)
        turn.say("faq_ask_coop_passed")
        turn.act(AlertMembers(kind="question", text=turn.event.text))
        return False
    if topic == "ask_coop" and turn.data["cart"] and turn.state == "ordering":
        # "how long does it keep?" at "anything else?": passed on to the members, and the
        # order goes on (a yes/no offer of a person there took "that's all" for a yes; at
        # the summary the offer stays, and "no" goes back to the summary's yes/no)
        turn.say("faq_ask_coop_passed")
        turn.act(AlertMembers(kind="question", text=turn.event.text))
        resume(turn)
        return True
    if topic == "returns" and _after_the_order(turn):
        turn.act(AlertMembers(kind="question", text=turn.event.text))   # a complaint: the
        #                                     members see it (the policy alone was answered)
    if answer.offer_person and turn.data.get("unanswered_offered"):
        handoff(turn, reason="unanswered")     # the second question nobody here can answer
        return True
    turn.replies.extend(answer.replies)
    if answer.offer_person:
        turn.data["human_offered"] = True      # "iyeh" / "la" next: see _on_step_words
        turn.data["unanswered_offered"] = True
        _keep_in_mind(turn, named or _sold_head(turn, asked=False))
        # "ok I'll take 2 small ones": of that product ("is the rose water good for the
        # face?": the rose water, before the words it asks about it)
    elif topic == "discount" and thanked(turn.event.text) and (
            nothing_asked(turn) or not turn.data["cart"]):
        # "ghali chwiya, merci", "too expensive, thanks anyway": a walk-away after the fixed
        # price, not a question to be asked "which one?" again (nor "how many?" of a product
        # only asked about: "c'est un peu cher, merci quand même" with an empty basket)
        goodbye(turn)
    elif topic == "discount" and mentioned_skus(p) and not turn.data["queue"] \
            and turn.state in ("start", "ordering"):
        price(turn)                       # "amlou ghali": its prices, and how many
    elif topic == "discount" and not turn.data["queue"] and not turn.data["cart"] \
            and turn.state in ("start", "ordering") \
            and 0 < len(shown := _still_sold(turn, turn.data.get("last_list"))) \
            <= _PRICED_AFTER_ANSWER:
        price(turn, shown)                # "wach kayn argan?" (two listed) — "ghalya bzaf":
        #                                   the fixed price, and those again to pick from (it
        #                                   was "what would you like?", the list forgotten)
    elif (topic not in _ABOUT_PRODUCTS and mentioned_skus(p) and not turn.data["queue"]
          and turn.state in ("start", "ordering") and not any(i.quantity for i in p.items)
          and nlu.intents.cue_scores(nlu.textnorm.tokens(turn.event.text)).get("price")):
        price(turn)                       # "do you ship to Essaouira? and the argan oil, how much?"
    elif (topic in _ABOUT_PRODUCTS and not turn.data["queue"] and not turn.data["cart"]
          and turn.state in ("start", "ordering")
          and 0 < len(sold := [s for s in named if turn.product(s)
                               and turn.item(s)["in_stock"]]) <= _PRICED_AFTER_ANSWER
          and len({family_name(turn.item(s)) for s in sold}) == 1):
        price(turn, sold)                 # "c'est du vrai safran ?": the answer, then its
    else:                                 # sizes and prices, and how many
        resume(turn)
        _keep_in_mind(turn, named)
    return True


def _still_sold(turn: Turn, skus: list[str] | None) -> list[str]:
    return [s for s in skus or [] if turn.product(s) and turn.item(s)["in_stock"]]


def _keep_in_mind(turn: Turn, named: list[str]) -> None:
    """"is the amlou homemade? how long to Fes?" — "I'd like 2 jars then": the one product
    a question was about is kept in mind (any answer about one product, the honest "I'll
    ask the cooperative" too), offered without being asked."""
    skus = [s for s in named if turn.product(s) and turn.item(s)["in_stock"]]
    if (skus and not turn.data["queue"]
            and turn.state in ("start", "ordering")
            and len({family_name(turn.item(s)) for s in skus}) == 1):
        offer: Question = (QtyQuestion(type="qty", sku=skus[0], soft=True)
                           if len(skus) == 1 else
                           ChoiceQuestion(type="choice", candidates=skus, quantity=None,
                                          soft=True))
        turn.data["queue"] = [offer]


def _sold_head(turn: Turn, asked: bool = True) -> list[str]:
    """The products sold that a phrase read as an unknown product starts with: "argan oil
    for cooking or for hair" names the argan oils, then says what it asks about them (with
    ``asked``, only when the words after them are a question's: "miel de jujubier" is a
    honey not sold)."""
    for phrase in turn.p.unknown_products:
        words = nlu.textnorm.tokens(phrase)
        for n in range(len(words) - 1, 0, -1):
            if asked and not all(nlu.questions.asking_word(w) for w in words[n:]):
                break                      # "miel de jujubier": a honey not sold
            head = nlu.parse(" ".join(words[:n]), turn.ctx.index)
            if (head.items or head.ambiguous) and not head.unknown_products:
                return mentioned_skus(head)
    return []


def _also(turn: Turn, first: answers.Answer, city: str | None) -> answers.Answer:
    """The first question's answer with the message's other questions answered after it;
    one only a person can answer ends it with the offer of a person, unless the message
    orders (the order goes on)."""
    p = turn.p
    replies, offer = list(first.replies), False
    prices = nlu.intents.cue_scores(nlu.textnorm.tokens(turn.event.text)).get("price")
    ordering = any(i.quantity for i in p.items)
    for other in p.also_topics:
        if other in _ABOUT_PRODUCTS and prices:
            continue                       # "… and how much is the argan oil for cooking?"
        more = answers.answer(other, turn.lang, turn.ctx.coop, city=city,
                              cities=turn.ctx.courier_cities() if other == "delivery" else None)
        if more.offer_person and (offer or ordering):
            continue
        replies.extend(more.replies)
        offer = offer or more.offer_person
    return answers.Answer(replies, offer)


def nothing_asked(turn: Turn) -> bool:
    """No "which one?" or "how many?" waits for its answer (only offers after a price)."""
    return all(q.get("soft") for q in turn.data["queue"])


def goodbye(turn: Turn) -> None:
    """A walk-away for now: the offers after a price dropped, the basket kept, a goodbye."""
    turn.say("goodbye_cart_kept" if turn.data["cart"] else "goodbye_later")
    if turn.data["cart"]:
        turn.data["away"] = True


def thanked(text: str) -> bool:
    """Does the message thank (``intents/keywords.yml`` ``thanks``: merci, choukran, شكرا)?"""
    return bool(nlu.intents.cue_scores(nlu.textnorm.tokens(text)).get("thanks"))


def resume(turn: Turn) -> None:
    """After a side answer: the pending step again, in one line."""
    if turn.data["queue"] or turn.state not in ("start", "ordering"):
        reprompt(turn)
    elif turn.data["cart"] and "cart" in turn.keys:
        pass            # the basket was shown by this message already ("3 kilo, ch7al
        #                 ttwsil l fes?": the count, then the question): not said again
    elif turn.data["cart"]:
        turn.say("faq_resume_cart", subtotal=answers.money(turn.lang, basket.subtotal(turn)))
    else:
        turn.say("ask_what")
