"""Read-only analysis: call sites, generator definitions, signature inference, cross-module index."""
