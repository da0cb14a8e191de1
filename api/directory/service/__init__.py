"""Directory rules and queries; no HTTP here."""
