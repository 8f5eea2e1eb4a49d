-- Claims (issue 11): a figure (exhibition, country, metric, year) may have
-- several current claims, one per status and source (tradedash.ClaimKey),
-- each with the basis it rests on. basis follows tradedash.Bases, in
-- storage order; certificate names the audit of an audited claim;
-- preferred is set when the file marks the claim as the one to show;
-- source_key is tradedash.NormalizeSource(source), written by the
-- importer (rows from before hold their source as it was, which is their
-- key); retracted marks a claim withdrawn by a later import (the
-- stored-metrics step of this migration writes them, see migrate.go).
-- figures_current also gets file_row, which the choice of a figure's
-- current claim reads: a generation holds every current claim, and
-- readers choose (queries/claims.go). Rows
-- written before keep the defaults: unstated, not preferred, their own
-- source as key; a figure whose imports gave it different sources or
-- statuses has as many claims.
--
-- As in 004, ClickHouse 18.16 knows no ADD COLUMN IF NOT EXISTS, so each
-- statement says how to see that it has taken effect.

-- applied if: SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = '{{.Name "figures"}}' AND name = 'basis'
ALTER TABLE {{.Local "figures"}} {{.OnCluster}} ADD COLUMN basis Enum8('unstated' = 0, 'audited' = 1, 'organiser' = 2, 'official' = 3, 'press' = 4, 'estimate' = 5) DEFAULT 'unstated' AFTER status;

-- applied if: SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = '{{.Name "figures"}}' AND name = 'certificate'
ALTER TABLE {{.Local "figures"}} {{.OnCluster}} ADD COLUMN certificate String DEFAULT '' AFTER basis;

-- applied if: SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = '{{.Name "figures"}}' AND name = 'preferred'
ALTER TABLE {{.Local "figures"}} {{.OnCluster}} ADD COLUMN preferred UInt8 DEFAULT 0 AFTER certificate;

-- applied if: SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = '{{.Name "figures"}}' AND name = 'source_key'
ALTER TABLE {{.Local "figures"}} {{.OnCluster}} ADD COLUMN source_key String DEFAULT source AFTER source;

-- applied if: SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = '{{.Name "figures"}}' AND name = 'retracted'
ALTER TABLE {{.Local "figures"}} {{.OnCluster}} ADD COLUMN retracted UInt8 DEFAULT 0 AFTER import_id;

-- applied if: SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = '{{.Name "figures_staging"}}' AND name = 'basis'
ALTER TABLE {{.Local "figures_staging"}} {{.OnCluster}} ADD COLUMN basis Enum8('unstated' = 0, 'audited' = 1, 'organiser' = 2, 'official' = 3, 'press' = 4, 'estimate' = 5) DEFAULT 'unstated' AFTER status;

-- applied if: SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = '{{.Name "figures_staging"}}' AND name = 'certificate'
ALTER TABLE {{.Local "figures_staging"}} {{.OnCluster}} ADD COLUMN certificate String DEFAULT '' AFTER basis;

-- applied if: SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = '{{.Name "figures_staging"}}' AND name = 'preferred'
ALTER TABLE {{.Local "figures_staging"}} {{.OnCluster}} ADD COLUMN preferred UInt8 DEFAULT 0 AFTER certificate;

-- applied if: SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = '{{.Name "figures_staging"}}' AND name = 'source_key'
ALTER TABLE {{.Local "figures_staging"}} {{.OnCluster}} ADD COLUMN source_key String DEFAULT source AFTER source;

-- applied if: SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = '{{.Name "figures_staging"}}' AND name = 'retracted'
ALTER TABLE {{.Local "figures_staging"}} {{.OnCluster}} ADD COLUMN retracted UInt8 DEFAULT 0 AFTER import_id;

-- applied if: SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = '{{.Name "figures_current"}}' AND name = 'basis'
ALTER TABLE {{.Local "figures_current"}} {{.OnCluster}} ADD COLUMN basis Enum8('unstated' = 0, 'audited' = 1, 'organiser' = 2, 'official' = 3, 'press' = 4, 'estimate' = 5) DEFAULT 'unstated' AFTER status;

-- applied if: SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = '{{.Name "figures_current"}}' AND name = 'certificate'
ALTER TABLE {{.Local "figures_current"}} {{.OnCluster}} ADD COLUMN certificate String DEFAULT '' AFTER basis;

-- applied if: SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = '{{.Name "figures_current"}}' AND name = 'preferred'
ALTER TABLE {{.Local "figures_current"}} {{.OnCluster}} ADD COLUMN preferred UInt8 DEFAULT 0 AFTER certificate;

-- applied if: SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = '{{.Name "figures_current"}}' AND name = 'source_key'
ALTER TABLE {{.Local "figures_current"}} {{.OnCluster}} ADD COLUMN source_key String DEFAULT source AFTER source;

-- applied if: SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = '{{.Name "figures_current"}}' AND name = 'retracted'
ALTER TABLE {{.Local "figures_current"}} {{.OnCluster}} ADD COLUMN retracted UInt8 DEFAULT 0 AFTER import_id;

-- applied if: SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = '{{.Name "figures_current"}}' AND name = 'file_row'
ALTER TABLE {{.Local "figures_current"}} {{.OnCluster}} ADD COLUMN file_row UInt32 DEFAULT 0 AFTER import_id;
