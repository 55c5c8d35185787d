"""Loading a validated snapshot into the store: idempotent, all or nothing, in bulk."""
