-- The current figures, published as generations so that reads never
-- aggregate the history. A generation is the current value of every figure
-- (argMax by import_id, as in figures) over a set of visible imports: a
-- commit builds one inside ClickHouse (INSERT ... SELECT) from the previous
-- generation plus the new import's rows, a rollback from one without the
-- rolled-back import. A generation's rows are written to its own partition
-- first and published afterwards (figures_generations), so nobody reads a
-- half-written one; a reader takes the newest generation whose imports
-- are exactly the visible ones (current.go), and falls back to aggregating
-- figures when there is none, so a missing or outdated generation costs
-- time, never correctness. Superseded generations are dropped whole.
CREATE TABLE IF NOT EXISTS {{.Local "figures_current"}} {{.OnCluster}} (
    generation UInt64,
    exhibition String,
    country    String,
    metric     String,
    year       UInt16,
    value      Float64,
    qualifier  Enum8('exact' = 0, 'over' = 1, 'under' = 2, 'about' = 3),
    status     Enum8('actual' = 0, 'planned' = 1, 'forecast' = 2),
    source     String,
    note       String,
    import_id  UInt64
) ENGINE = {{.Engine "figures_current"}}
PARTITION BY generation
ORDER BY (exhibition, country, metric, year);

-- Sharded as figures: a shard builds its part of a generation from its
-- own rows (cluster.go).
{{.Distributed "figures_current" "cityHash64(exhibition, country)"}};

-- The generations' log, append-only: "published" once a generation's rows
-- are all written, with the sorted ids of the imports it covers; "dropped"
-- before its partition is dropped, so no reader or builder picks it again.
CREATE TABLE IF NOT EXISTS {{.Local "figures_generations"}} {{.OnCluster}} (
    generation UInt64,
    event      Enum8('published' = 0, 'dropped' = 1),
    covers     Array(UInt64),
    at         DateTime
) ENGINE = {{.Engine "figures_generations"}}
ORDER BY (generation, event);
