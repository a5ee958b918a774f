"""HMS Status System: the health of every component of an ecosystem, kept current."""

__version__ = "0.1.0"
