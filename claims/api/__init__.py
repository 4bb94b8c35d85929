"""The claims app's REST API beyond the claimant's (``claims.api.views``): the back office
(``office``: the case and its steps; ``office_queue``: the queues, bulk assignment and
the publicity desk) and the public board (``board``). Registered in ``config/urls.py``."""
