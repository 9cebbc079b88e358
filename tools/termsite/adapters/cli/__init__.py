"""The ``terms`` command and its subcommands."""
