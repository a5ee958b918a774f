"""A realistic demo HMS ecosystem: git repositories, manifests, catalog data, recorded history."""
