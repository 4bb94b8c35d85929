"""A whole wind-down on an accelerated clock: ``manage.py simulate_winddown``.

``run`` (the ``Simulation`` and its day loop), ``steps`` (the set-up and one day's
steps), ``checks`` (whether the database is quiet enough, the default announcement day).

It builds a plan with ``members`` members, has two operators announce its shutdown, and
walks day by day through the 180-day window and on until every claim is final, on a
simulated clock (``core.clock.simulated``). Everything that happens goes through the
real services (filing, investigations, decisions) and the real beat tasks (publicity
batches, notices, sharing periods, payouts, reminders, draft expiry, the final report),
run in this process. It prints the timeline week by week; it is also the feature's demo.

The population is bulk-loaded, as a migration from another system would be (no
membership events); every claim-side step writes its usual events.
"""
