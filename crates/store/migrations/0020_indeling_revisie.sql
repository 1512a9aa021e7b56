-- A random stamp of a plan's current state, new on every write of it: a plan read before can be
-- reused while the stamp is unchanged, without reading its buurten again.
ALTER TABLE indeling ADD COLUMN revisie BIGINT NOT NULL DEFAULT 0;
