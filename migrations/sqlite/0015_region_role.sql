-- The Région's readers (Direction de l'emploi): a role that reads the
-- indicators of every platform and changes nothing. SQLite cannot alter a
-- CHECK constraint; widening one by editing the stored schema is the
-- documented way (sqlite.org/lang_altertable.html, "other kinds of table
-- schema changes"): only the list of allowed roles grows, so every stored
-- row stays valid. The schema version changes so every open connection
-- reads the new schema.
PRAGMA writable_schema = ON;
UPDATE sqlite_master
SET sql = replace(sql, 'CHECK (role IN (''admin'', ''staff'', ''partner'', ''company''))',
                       'CHECK (role IN (''admin'', ''staff'', ''partner'', ''company'', ''region''))')
WHERE type = 'table' AND name = 'users';
PRAGMA schema_version = 1000015;
PRAGMA writable_schema = OFF;
