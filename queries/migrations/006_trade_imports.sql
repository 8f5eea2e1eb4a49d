-- The imports that wrote trade flows. A trade generation (005) covers the
-- visible imports among them, so that an import of figures or milestones
-- alone leaves it current. A commit writes its import's row before the
-- "committed" event; a row of an import that never became visible is
-- never selected, since readers take only visible imports from here.
-- The imports that wrote trade flows before this table existed are added
-- once, after it is created (backfill in migrate.go).
CREATE TABLE IF NOT EXISTS {{.Local "trade_imports"}} {{.OnCluster}} (
    import_id UInt64
) ENGINE = {{.Engine "trade_imports"}}
ORDER BY import_id;

