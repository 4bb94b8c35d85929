"""Jury pages (赔审团): the jurors' exam here; panels and ballots in their own modules."""
