"""The Repository Analyzer: collect facts (git, files, manifests), then pure rules."""
