"""The dispatch's table of the checks that can fire only in some states
(``bot/conversation/dispatch.py``: ``_ONLY_IN``): each entry says what its check's own test
of ``turn.state`` says, every check in it can fire somewhere, and the replies are the same
whether the checks that cannot fire are skipped or all run."""

from __future__ import annotations

import inspect
import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor

import pytest

from bot.conversation import dispatch
from bot.conversation.model import DETAIL_STATES
from bot.evals import conversations as ev

_STATE_TEST = re.compile(r'turn\.state\s*(?:not in|!=|in|==)\s*(\([^)]*\)|"[^"]*")')

#: every state a conversation can be in
STATES = frozenset({"start", "ordering", "handoff", *DETAIL_STATES,
                    *dispatch._STATE_HANDLERS})


def _states_tested(check) -> set[str]:
    """The states named by the first test of ``turn.state`` in ``check``'s source."""
    found = _STATE_TEST.search(inspect.getsource(check))
    assert found, f"{check.__name__} tests no state: it cannot be in the table"
    return set(re.findall(r'"([^"]*)"', found.group(1)))


@pytest.mark.parametrize("check", list(dispatch._ONLY_IN), ids=lambda c: c.__name__)
def test_each_entry_says_the_states_its_check_tests(check):
    # a check whose state test was widened (or dropped) must widen its entry too, or it is
    # skipped where it could now fire
    assert set(dispatch._ONLY_IN[check]) == _states_tested(check)


def test_every_check_in_the_table_can_fire_in_some_state():
    for check, states in dispatch._ONLY_IN.items():
        assert states and states <= STATES, check.__name__


def test_a_check_is_skipped_only_where_its_state_test_fails():
    class Turn:
        state = "ask_city"
    assert not dispatch._can(dispatch.line_by_its_size, Turn())
    Turn.state = "confirm"
    assert dispatch._can(dispatch.line_by_its_size, Turn())
    assert not dispatch._can(dispatch.kind_refined, Turn())


def _transcripts(convs, coops, guarded: bool, monkeypatch) -> dict:
    monkeypatch.setattr(dispatch, "_GUARDED", guarded)
    return {p.conv.id: (p.transcript, p.verdict) for p in ev.run(convs, coops)}


def _tuned(every: int):
    coops = ev.load_coops()
    convs = [c for c in ev.load_corpus(coops=coops) if c.split == "tuned"]
    return convs[::every], coops


def test_the_guards_change_no_reply_on_a_sample_of_the_tuned_corpus(monkeypatch):
    convs, coops = _tuned(every=12)
    assert len(convs) > 40
    assert _transcripts(convs, coops, True, monkeypatch) == \
        _transcripts(convs, coops, False, monkeypatch)


def _tuned_transcripts(guarded: bool) -> dict:
    """The whole tuned corpus's transcripts, in a process of its own (the slow test plays the
    two sides at once, one per core)."""
    dispatch._GUARDED = guarded
    convs, coops = _tuned(every=1)
    return {p.conv.id: (p.transcript, p.verdict) for p in ev.run(convs, coops)}


@pytest.mark.slow
def test_the_guards_change_no_reply_on_the_tuned_corpus():
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        guarded, unguarded = pool.map(_tuned_transcripts, (True, False))
    assert len(guarded) > 600
    assert guarded == unguarded
