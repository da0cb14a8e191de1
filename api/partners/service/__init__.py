"""Partners and agreements: rules and queries; no HTTP here."""
