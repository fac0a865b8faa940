"""Applies the analyzer's plans to a LibCST tree. It decides nothing: every change is in a plan."""
