"""kaigiroku: Japanese council and committee minutes (会議録) to queryable tables.

Stages, in the order data flows (lower stages never import higher ones)::

    ingest    -> files to decoded text (encodings, HTML, PDF, Diet API JSON)
    structure -> meeting header, participants, agenda, speaker turns and notes
    store     -> pyarrow schemas and atomic Parquet writes
    run / cli -> the corpus job and the command line on top
"""

__version__ = "0.1.0"
