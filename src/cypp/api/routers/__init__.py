"""One router a family of endpoints: plans, evidence, governance, uploads."""
