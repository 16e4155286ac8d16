"""Stage 6 — store, and every read of the database: DuckDB behind the SQL contract.

`store` is the only module that writes; `views` builds the contract's views from the
models; `schema` documents the contract; `query`, `show`, `search` and `export` read.
"""
