"""Theme tagging, topic discovery and theme models over the language layer."""
