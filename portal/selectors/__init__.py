"""The portal's reads: what needs the member's action, their objections."""
