-- Random stamps of state a server keeps in memory, new on every write of it: a plan's current
-- state (its buurten), and a region's settings (its structures, plans, chosen variables and the
-- plan of the region). What was read before is reused while the stamp is unchanged.
ALTER TABLE indeling ADD COLUMN revisie BIGINT NOT NULL DEFAULT 0;
ALTER TABLE regio ADD COLUMN revisie BIGINT NOT NULL DEFAULT 0;
