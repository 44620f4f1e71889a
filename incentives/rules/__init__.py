"""Eligibility: one rule definition, two evaluators (one subject with reasons; a whole town as a query)."""

from incentives.rules.definition import Group, Rule, rule_of

__all__ = ["Group", "Rule", "rule_of"]
