"""The benefit pages: policies and rules, cycles and review, households' benefits, figures."""
