"""The claims app's REST API beyond the claimant's (``claims.api.views``): the public board
(``board``); the back office's is ``office.api``. Registered in ``config/urls.py``."""
