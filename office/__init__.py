"""The back office (后台) of reviewers and investigators, under /office/: the queues, the
case page and its steps, the publicity desk, and their API. Built on ``claims``: every
write is a claims service, every read a selector here or in ``claims.selectors``."""
