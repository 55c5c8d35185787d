"""A realistic, reproducible demo portfolio generator (see ``arrears.demo.generator``)."""
