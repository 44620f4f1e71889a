"""Development only: the demo town, the demo accounts and the benchmarks.

The top of the house: demo may import every domain app, and no domain app imports demo.
"""
