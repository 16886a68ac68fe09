"""Importing and exporting observations (issue 4).

The pipeline, the same for a file (CSV, XLSX), the JSON API and a one-figure correction:

``parse``     bytes (CSV, SDMX-CSV, XLSX) → a Polars frame of text cells with each row's line
``validate``  every rule at once (joins against the dimension frames of ``reference``);
              each problem is (line, column, reason, nearest valid code). Its rooms:
              ``cells`` (typed values, the packed key of ``keys``), ``cell_rules``,
              ``hints`` (did you mean), ``domain_rules``, ``rights_check``
``plan``      against the current figures: created / updated / unchanged, outlier
              warnings, and the version of each series the plan was made against
``write``     one transaction: lock the measures, re-check the versions (a stale plan is
              a conflict), supersede, bulk insert (PostgreSQL COPY, SQLite executemany)
``services``  the entry points: ``observation_import``, ``observation_submit``,
              ``observation_correct``, ``observations_export``, and the stored batches
              the web pages and the background task run; the pipeline's steps, with
              ``upload`` (the bytes), ``row_results`` (the summary page's rows),
              ``outcomes`` (how a run ends) and ``commit`` (the real run's write)
``export``    the same layout out again; an export imports without changing anything
``sdmx``      SDMX-CSV 2.0 (dataflow LOCALPERF:NIS_OBS(1.0.0)) out, and in through ``parse``
"""
