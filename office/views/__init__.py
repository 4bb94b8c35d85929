"""The back office's pages: who may enter (``access``), the queue (``queue``), the case
page with its assignment and decision (``case``), the investigator's steps
(``investigation``), the reviewer's steps beyond them (``review``)."""
