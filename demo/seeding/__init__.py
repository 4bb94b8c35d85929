"""The demo data set (``manage.py seed_demo``), in named steps, each through the
services and the scenarios (``claims.scenarios``, ``jury.scenarios``):

- ``people``: the staff logins, the demo account's family, the crowd of members, all
  enrolled in the critical-illness plan (the plans come by migration);
- ``cases``: claims in every state, published in batches, and a refused draft;
- ``jurors``: the juror login and thirty more, enough for the dispute's panel;
- ``shares``: a sharing period completed and its payouts issued.

The wind-down demo (``make winddown-demo``) takes only the staff logins
(``seed_demo --staff-only``) and runs ``simulate_winddown`` on them.
"""
