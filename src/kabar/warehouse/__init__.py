"""DuckDB files: the work database the pipeline owns and the published warehouse readers open."""
