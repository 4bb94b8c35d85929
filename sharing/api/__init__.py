"""The sharing app's REST API (``views``). Registered in ``config/urls.py``."""
