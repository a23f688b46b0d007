-- 0005: the status the last saved document gave each action item, so a
-- save tells a box ticked in the document (applied as a status change)
-- from old notes saved again (the tracked status stays). '' until the
-- next save of the item's postmortem.
ALTER TABLE action_items ADD COLUMN doc_status TEXT NOT NULL DEFAULT '';
