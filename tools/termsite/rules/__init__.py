"""The checks: rules over a version and across versions, cross-references, published history."""
