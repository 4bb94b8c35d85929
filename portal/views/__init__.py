"""The portal's pages: claims and their steps, drafts, the objector's page."""
