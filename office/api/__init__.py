"""The back office's REST API: the case and its steps (``case``), the queues, bulk
assignment and the publicity desk (``queue``), what they send and take
(``serializers``) and the schema's examples (``examples``). Registered in
``config/urls.py``."""
