"""The back office's reads: who may enter and the case page (``case``), the queues
(``queue``), the steps a user may take on a claim (``actions``), the publicity desk
(``publicity``). Read-only; every write is a ``claims.services`` call."""
