"""kabar: Indonesian war news in, a validated conflict-event warehouse out.

Stages (each a module with no Prefect imports, each callable on its own):

    articles   read raw files, clean boilerplate, dedup, reject with reason
    nlp        Stanza parses in Polars batches, rules that pull out claims
    transform  dbt build of the dimensional model
    quality    Great Expectations gate over the built marts
    warehouse  DuckDB connections, DDL, write-audit-publish
"""

__version__ = "0.1.0"
