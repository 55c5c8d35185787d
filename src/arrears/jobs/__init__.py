"""Use cases behind the commands: each one a function the CLI (and later the web) calls."""
