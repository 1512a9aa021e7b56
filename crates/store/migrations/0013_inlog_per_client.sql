-- Login attempts are counted per address and client (the connection's IP address), so that
-- strangers' wrong guesses slow an address down but never lock its owner out. Every attempt is
-- recorded before the password is checked (and removed when it succeeds), under a lock row per
-- address, so simultaneous guesses are counted as they come.
ALTER TABLE inlogpoging ADD COLUMN client TEXT NOT NULL DEFAULT '';
CREATE INDEX inlogpoging_client ON inlogpoging (sleutel, client, tijdstip);
CREATE TABLE inlogslot (
    sleutel TEXT PRIMARY KEY
);
