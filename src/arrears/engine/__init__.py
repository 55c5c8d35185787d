"""The batch engine: portfolio-wide rules as Ibis expressions (DuckDB default, Spark later)."""
