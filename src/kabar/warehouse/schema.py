"""DDL for the work database: the `raw` and `nlp` schemas (DESIGN.md, Contracts).

Column names here are the contract the dbt sources, the exporter and the tests rely on.
Extra columns are fine; renaming one is a breaking change.
"""

RAW_DDL = """
create schema if not exists raw;

-- one row per distinct article (article_id = sha256 of the normalised text)
create table if not exists raw.articles (
    article_id     varchar primary key,
    article_ref    varchar not null,     -- file name without extension (.txt/.html) or the record id (JSON/JSONL)
    source_path    varchar not null,     -- the first path the article was read from
    format         varchar not null,     -- txt | json | jsonl | html
    source         varchar,              -- outlet, e.g. detik.com
    url            varchar,
    title          varchar,
    published_at   timestamptz,
    -- THE publication date everything reads (the rules, dbt): published_at's calendar date in the
    -- source's own UTC offset (WIB when it gave none), computed once by ingest; set whenever published_at is
    published_date date,
    text           varchar not null,     -- cleaned, normalised text (what the extractor reads)
    original_text  varchar not null,     -- as read, after decoding
    extra          json,                 -- any other fields of a JSON record, feed metadata
    ingested_at    timestamptz not null,
    run_id         varchar not null,
    language       varchar,              -- 'id' or 'ms' as detected at ingest; null when too short to tell
    check (published_at is null or published_date is not null)
);

-- every place an article was seen: the same article from two files, formats or runs
create table if not exists raw.article_sources (
    article_id     varchar not null,
    source_path    varchar not null,
    record_ref     varchar not null,     -- line number for JSONL, '' otherwise
    article_ref    varchar not null,
    format         varchar,              -- txt | json | jsonl | html
    source         varchar,              -- this copy's outlet: one text republished by two outlets is one article, two sources
    url            varchar,
    title          varchar,
    published_at   timestamptz,
    encoding       varchar,              -- the text encoding detected for the file
    first_seen_at  timestamptz not null,
    run_id         varchar not null,
    primary key (article_id, source_path, record_ref)
);

-- inputs that produced no article, with a reason a person understands
create table if not exists raw.rejected_inputs (
    source_path    varchar not null,
    record_ref     varchar not null,     -- line number for JSONL, '' for a whole file
    reason         varchar not null,
    reason_kind    varchar,              -- short code for counting: empty, binary, malformed_json, ... (kabar.articles.rejections)
    bytes          bigint,
    content_sha256 varchar not null,     -- of the rejected bytes: a re-run adds nothing
    quarantine_path varchar,
    seen_at        timestamptz not null,
    run_id         varchar not null,
    primary key (source_path, record_ref, content_sha256)
);

-- articles kept with a caveat (e.g. published_at unparseable: kept with a null date)
create table if not exists raw.ingest_warnings (
    article_id     varchar not null,
    source_path    varchar not null,
    record_ref     varchar not null,
    warning        varchar not null,
    seen_at        timestamptz not null,
    run_id         varchar not null,
    primary key (article_id, source_path, record_ref, warning)
);

-- files ingest has read completely, with what decided the outcome: a later run skips a file
-- whose key (size, mtime_ns, max_bytes, ingest_version) is unchanged (kabar.articles.unchanged)
create table if not exists raw.ingested_files (
    input_dir      varchar not null,     -- the input folder, absolute
    rel_path       varchar not null,     -- the file's path relative to it
    size           bigint not null,
    mtime_ns       bigint not null,
    max_bytes      bigint not null,      -- the size limit it was read under
    ingest_version varchar not null,     -- kabar.articles.unchanged.INGEST_VERSION
    records        integer not null,     -- records read from it
    articles       integer not null,     -- of which kept as articles (new or duplicates)
    rejected       integer not null,     -- of which rejected (in raw.rejected_inputs)
    recorded_at    timestamptz not null,
    run_id         varchar not null,
    primary key (input_dir, rel_path)
);

create table if not exists raw.runs (
    run_id         varchar primary key,
    stage          varchar not null,
    started_at     timestamptz not null,
    finished_at    timestamptz,
    summary        json
);
"""

# Work databases created before a column was added get it here (create table if not exists leaves
# an existing table as it is); rows from then are brought up to today's contract.
RAW_MIGRATIONS = """
alter table raw.articles add column if not exists language varchar;
-- the date is the source's local one; rows written without it get WIB's, the rule for no offset
update raw.articles set published_date = cast(timezone('Asia/Jakarta', published_at) as date)
where published_date is null and published_at is not null;
"""

NLP_DDL = """
create schema if not exists nlp;

create table if not exists nlp.sentences (
    article_id        varchar not null,
    sentence_idx      integer not null,
    paragraph_idx     integer,
    start_char        integer,
    end_char          integer,
    text              varchar not null,
    tokens            json,               -- [{id, text, lemma, upos, head, deprel, start_char, end_char}]
    extractor_version varchar not null,
    primary key (article_id, sentence_idx, extractor_version)
);

create table if not exists nlp.claims (
    claim_id          varchar primary key, -- hash of article_id, extractor_version, sentence_idx, measure, value, token span
    article_id        varchar not null,
    sentence_idx      integer not null,
    measure           varchar not null,    -- killed | injured | launched | intercepted | hit | lost
    value             bigint,              -- the count; NULL when it does not fit a 64-bit integer (see value_text)
    qualifier         varchar not null,    -- exact | at_least | more_than | about | at_most
    weapon            varchar,             -- drone | missile | null
    attacker          varchar,             -- RU | UA | null
    place_text        varchar,             -- the place as the article wrote it
    place_id          varchar,             -- geonameid, or 'country:XX' / 'alias:...' when no GeoNames id
    place_name        varchar,             -- common English name (Kyiv, Rostov Oblast)
    place_precision   varchar,             -- city | district | admin_area | country
    admin_area        varchar,
    country           varchar,             -- ISO 3166-1 alpha-2
    latitude          double,
    longitude         double,
    event_date        date,
    date_basis        varchar not null,    -- a date_bases code of src/kabar/vocab/codes.yaml (explicit, rolling, ...)
    reporter          varchar,
    evidence          varchar not null,    -- the sentence
    evidence_span     varchar,             -- the short phrase carrying the number
    token_ids         json,                -- ids of the tokens the claim rests on
    extractor_version varchar not null,
    value_text        varchar              -- the number as written ("1.200", "dua puluh", "-5")
);
-- work databases made before value_text: the column, and value may be NULL
alter table nlp.claims add column if not exists value_text varchar;
alter table nlp.claims alter column value drop not null;

create table if not exists nlp.processed (
    article_id        varchar not null,
    extractor_version varchar not null,
    model_version     varchar not null,
    processed_at      timestamptz not null,
    n_sentences       integer not null,
    n_claims          integer not null,
    primary key (article_id, extractor_version, model_version)
);

-- articles whose extraction raised: skipped by this extractor and model version, tried again by the next
create table if not exists nlp.failed_articles (
    article_id        varchar not null,
    extractor_version varchar not null,
    model_version     varchar not null,
    error_type        varchar not null,    -- the exception's class
    message           varchar not null,
    failed_at         timestamptz not null,
    primary key (article_id, extractor_version, model_version)
);
"""
