"""Store: the tables' schemas and their atomic Parquet writes."""
