"""The back office's pages: the queue, the case page and its assignment and decision
(``case``), the investigator's steps (``investigation``), the reviewer's steps beyond it
(``review``)."""
