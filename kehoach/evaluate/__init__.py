"""The project's evaluation (`kehoach eval`): extract every page of some folders and report

(a) agreement with silver labels (a website's own catalogue entry), (b) the gold score, with the
metric definitions of ``../shared/eval/score.py``, (c) invariants on every page (no crash, the
provenance rule, the "Số:" line, nothing administrative on a page that is not an administrative
document; with admin labels, the rate of non-administrative pages that get a number, signer or
issuer), (d) the worst cases per field with a one-line reason, and per-page timing.

Modules by verb: ``run`` (extract in a process pool, one record per file), ``gold`` (the scorer's
metrics), ``explain`` (silver comparison and reasons), ``invariants``, ``summary`` (records →
metrics), ``report`` (write, compare, table).
"""
