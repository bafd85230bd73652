"""Names, places, people and roles: how entities are named and which offices people hold."""
