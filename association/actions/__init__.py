"""Every write with a business meaning on the association. See each module: `members` (recruiting,
contact cards, handover, leaving, the yearly re-check) and `work` (feedback, meetings, evaluations,
awards, the town's rules)."""
