-- Running imports say they are alive. Each import appends a row when it
-- starts and then every few seconds (heartbeatEvery in liveness.go) until
-- it commits or fails, with the ClickHouse server's clock, so hosts with
-- skewed clocks still agree on how old a heartbeat is. host, boot_id and
-- pid_ns name the machine and process namespace, pid and pid_start the
-- process: a command on the same machine can tell at once that the
-- process is gone, one on another host when the heartbeats stop. An
-- import found dead gets a "lost" event and its partition is dropped
-- (RecoverKilled).
CREATE TABLE IF NOT EXISTS {{.Local "import_heartbeats"}} {{.OnCluster}} (
    import_id UInt64,
    token     String,
    host      String,
    boot_id   String,
    pid_ns    String,
    pid       UInt32,
    pid_start UInt64,
    at        DateTime
) ENGINE = {{.Engine "import_heartbeats"}}
ORDER BY (import_id, token, at);
