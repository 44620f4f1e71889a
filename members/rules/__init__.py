"""The registry's rules over plain rows (pure functions), applied by the actions to one household or a whole town."""
