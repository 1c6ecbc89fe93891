"""Expectations for real public documents (their text stays out of git) and the scorer behind `make eval`."""
