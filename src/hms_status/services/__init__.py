"""The plan's five parts as use cases, over the store, gateways and pure rules."""
