-- Trade flows, long form, kept like figures (001): every value an import
-- asserted stays in the import's own partition, the current value of a
-- key is the one of the latest visible import (visibleImports), so
-- import_id is the value's version and earlier imports' rows its history.
-- Figures, milestones and trade flows share one import log, so a file with
-- both commits once. The sorting key is the trade flow's key.
CREATE TABLE IF NOT EXISTS {{.Local "trade_flows"}} {{.OnCluster}} (
    reporter       String,
    partner        String,
    flow           Enum8('export' = 0, 'import' = 1, 're_export' = 2, 're_import' = 3, 'turnover' = 4),
    year           UInt16,
    month          UInt8,
    ytd            UInt8,
    classification String,
    commodity      String,
    description    String,
    value_usd      Float64,
    quantity       Nullable(Float64),
    quantity_unit  String,
    qualifier      Enum8('exact' = 0, 'over' = 1, 'under' = 2, 'about' = 3),
    status         Enum8('actual' = 0, 'preliminary' = 1, 'revised' = 2, 'estimate' = 3),
    source         String,
    note           String,
    import_id      UInt64,
    file_row       UInt32
) ENGINE = {{.Engine "trade_flows"}}
PARTITION BY import_id
ORDER BY (reporter, partner, flow, year, month, ytd, classification, commodity);

-- On a cluster: every version of a trade flow on one shard.
{{.Distributed "trade_flows" "cityHash64(reporter, partner)"}};

-- The trade flows of a dry run, as figures_staging holds its figures.
CREATE TABLE IF NOT EXISTS {{.Local "trade_flows_staging"}} {{.OnCluster}} AS {{.Local "trade_flows"}}
ENGINE = {{.Engine "trade_flows_staging"}}
PARTITION BY import_id
ORDER BY (reporter, partner, flow, year, month, ytd, classification, commodity);

{{.Distributed "trade_flows_staging" "cityHash64(reporter, partner)"}};

-- The current trade flows, published as generations, as figures_current
-- (003) does for figures. A trade generation covers the visible imports
-- that wrote trade flows, not every visible import, so an import of
-- figures alone leaves it current.
CREATE TABLE IF NOT EXISTS {{.Local "trade_current"}} {{.OnCluster}} (
    generation     UInt64,
    reporter       String,
    partner        String,
    flow           Enum8('export' = 0, 'import' = 1, 're_export' = 2, 're_import' = 3, 'turnover' = 4),
    year           UInt16,
    month          UInt8,
    ytd            UInt8,
    classification String,
    commodity      String,
    description    String,
    value_usd      Float64,
    quantity       Nullable(Float64),
    quantity_unit  String,
    qualifier      Enum8('exact' = 0, 'over' = 1, 'under' = 2, 'about' = 3),
    status         Enum8('actual' = 0, 'preliminary' = 1, 'revised' = 2, 'estimate' = 3),
    source         String,
    note           String,
    import_id      UInt64
) ENGINE = {{.Engine "trade_current"}}
PARTITION BY generation
ORDER BY (reporter, partner, flow, year, month, ytd, classification, commodity);

{{.Distributed "trade_current" "cityHash64(reporter, partner)"}};

-- The trade generations' log, as figures_generations.
CREATE TABLE IF NOT EXISTS {{.Local "trade_generations"}} {{.OnCluster}} (
    generation UInt64,
    event      Enum8('published' = 0, 'dropped' = 1),
    covers     Array(UInt64),
    at         DateTime
) ENGINE = {{.Engine "trade_generations"}}
ORDER BY (generation, event);
