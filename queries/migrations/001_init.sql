-- Figures, long form. Every value an import asserted stays here, in the
-- import's own partition; the current value of a figure is the one with the
-- highest import_id among committed, not rolled back imports (see
-- visibleImports in imports.go), so import_id is also the figure's version
-- and the rows of earlier imports are its history. An import writes its rows
-- once, straight into its partition, invisible until its "committed" event;
-- a failed or killed import's partition is dropped whole. The sorting key
-- keeps one figure's versions together and can be the sharding key of a
-- Distributed table.
CREATE TABLE IF NOT EXISTS {{.Local "figures"}} {{.OnCluster}} (
    exhibition String,
    country    String,
    metric     String,
    year       UInt16,
    value      Float64,
    qualifier  Enum8('exact' = 0, 'over' = 1, 'under' = 2, 'about' = 3),
    status     Enum8('actual' = 0, 'planned' = 1, 'forecast' = 2),
    source     String,
    note       String,
    import_id  UInt64,
    file_row   UInt32
) ENGINE = {{.Engine "figures"}}
PARTITION BY import_id
ORDER BY (exhibition, country, metric, year);

-- On a cluster, the table readers and writers name (see cluster.go):
-- every version of a figure on one shard.
{{.Distributed "figures" "cityHash64(exhibition, country)"}};

-- The rows of a dry run, compared with the current figures in ClickHouse
-- itself so that a million-row file never has to fit in the importer's
-- memory: the same columns, partitions and sorting as figures. import_id
-- holds a random batch number; the partition is dropped when the dry run
-- ends, and by later imports if a dry run was killed.
CREATE TABLE IF NOT EXISTS {{.Local "figures_staging"}} {{.OnCluster}} AS {{.Local "figures"}}
ENGINE = {{.Engine "figures_staging"}}
PARTITION BY import_id
ORDER BY (exhibition, country, metric, year);

-- Sharded as figures, so that a dry run's rows meet the current figures
-- of their keys on their shard.
{{.Distributed "figures_staging" "cityHash64(exhibition, country)"}};

-- Milestones: the events behind the figures. Same visibility rule as figures.
CREATE TABLE IF NOT EXISTS {{.Local "milestones"}} {{.OnCluster}} (
    exhibition String,
    country    String,
    date       Date,
    precision  Enum8('year' = 0, 'month' = 1, 'day' = 2),
    title_ru   String,
    title_en   String,
    source     String,
    note       String,
    import_id  UInt64,
    file_row   UInt32
) ENGINE = {{.Engine "milestones"}}
ORDER BY (exhibition, country, date, import_id);

{{.Distributed "milestones" "cityHash64(exhibition, country)"}};

-- The import log, append-only: an import's life is a series of events
-- (started, then committed or failed, perhaps rolled_back later). Appending
-- one row is atomic, which is what makes an import visible all at once.
CREATE TABLE IF NOT EXISTS {{.Local "import_events"}} {{.OnCluster}} (
    import_id UInt64,
    event     Enum8('started' = 0, 'committed' = 1, 'failed' = 2, 'rolled_back' = 3, 'lost' = 4),
    at        DateTime,
    token     String,
    file      String,
    sha256    String,
    rows      UInt64,
    new       UInt64,
    changed   UInt64,
    unchanged UInt64,
    message   String
) ENGINE = {{.Engine "import_events"}}
ORDER BY (import_id, event);
