"""The jury's REST API: jurors' panels and ballots (``views``), the panels office
(``office``). Registered in ``config/urls.py``."""
