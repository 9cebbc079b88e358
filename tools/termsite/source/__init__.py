"""From files to the model: safe reading, YAML with positions, schema validation, the repository's
folder rules, the canonical form, dumping and round-trip edits."""
