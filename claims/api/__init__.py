"""The claims app's REST API beyond the claimant's (``claims.views.api``): the back
office (``office``) and the public board (``board``). Registered in ``config/urls.py``."""
