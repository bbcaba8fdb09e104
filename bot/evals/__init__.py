"""Scoring scripts, run from the checkout: ``python -m bot.evals.conversations``,
``python -m bot.evals.questions``, ``python -m bot.evals.sms_report``."""
