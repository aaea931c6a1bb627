"""Governance: methodology packs (PMBOK, PRINCE2, AgilePM, hybrid), projects created from a pack,
phases and stage gates with their criteria and decisions (docs/governance.md)."""
