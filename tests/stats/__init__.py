"""Tests of cypp.stats, the pure statistics core."""
