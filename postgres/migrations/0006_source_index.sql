-- 0006: find the postmortem a file was saved as, to continue it when the
-- file is saved again with its title changed.
CREATE INDEX postmortems_source ON postmortems (source_name, date) WHERE source_name <> '';
