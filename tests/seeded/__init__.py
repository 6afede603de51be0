"""Seeded bugs: the model checker's power set (issue 19, Deliver 5 and Why 7).

`catalogue.SEEDED` lists every bug — team clients run through `--app module:factory`
(`clients/`), and patches of the product, the world and the oracle (`mutants.py`) — each with a
scenario in `proofs/` that the checker fails with the bug and passes without it; `findings/`
holds what the seeded clients showed the checker misjudging today (`test_findings.py`).
"""
