"""Commands that cooperative members send by replying to the cooperative's number."""

from __future__ import annotations

from . import i18n


def handle_command(db, coop: dict, member: dict, text: str, now=None) -> list[str]:
    """Run one member command; return the replies."""
    return [i18n.t(member.get("language"), "member_help")]
