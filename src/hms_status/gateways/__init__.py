"""Doors to the outside world: files, processes, git, manifests."""
