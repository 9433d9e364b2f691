-- 007: the day a public reply was published (统一公开), which ends the office's
-- `publish_reply` work (domain::office_due). NULL: not published yet.
ALTER TABLE reply ADD COLUMN published_on DATE;
