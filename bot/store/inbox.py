"""What the operators' inbox reads besides the handoffs themselves (issue 18)."""

from __future__ import annotations

from .sql import all, loads


def last_customer_media(db, conversation_ids: list[int]) -> dict[int, str]:
    """The content type of the media in each conversation's last customer message, for the
    conversations whose last customer message carried one (``location`` for a pin); one
    query for the whole list."""
    if not conversation_ids:
        return {}
    marks = ", ".join("?" * len(conversation_ids))
    rows = all(db, "SELECT conversation_id, media FROM messages WHERE id IN (SELECT max(id) "
                   f"FROM messages WHERE direction = 'in' AND conversation_id IN ({marks}) "
                   "GROUP BY conversation_id) AND media IS NOT NULL", tuple(conversation_ids))
    out: dict[int, str] = {}
    for row in rows:
        media = loads(row["media"], None)
        first = media[0] if isinstance(media, list) and media else None
        if isinstance(first, dict):
            out[row["conversation_id"]] = "location" if "latitude" in first \
                else str(first.get("type") or "")
    return out
