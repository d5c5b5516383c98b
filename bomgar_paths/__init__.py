"""Plan upgrades of Bomgar / BeyondTrust remote-support appliances.

The data flows one way: a catalog and a state come in, answers (offers, plans,
explanations, schedules) come out as values, and ``render`` writes them as
text, JSON or Markdown.
"""

__version__ = "0.1.0"
