-- Milestone titles in Simplified Chinese, where a source gives one. Rows
-- written before keep an empty title_zh. ClickHouse 18.16 knows no ADD
-- COLUMN IF NOT EXISTS (current releases do), so the statement says how to
-- see that it has taken effect: run by a migrate cut short, or by another
-- one running beside this.
-- applied if: SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = '{{.Name "milestones"}}' AND name = 'title_zh'
ALTER TABLE {{.Local "milestones"}} {{.OnCluster}} ADD COLUMN title_zh String DEFAULT '' AFTER title_en;
