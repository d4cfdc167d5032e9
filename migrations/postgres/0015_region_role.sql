-- The Région's readers (Direction de l'emploi): a role that reads the
-- indicators of every platform and changes nothing.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'staff', 'partner', 'company', 'region'));
