-- revision: 2b7f41c0aa12
-- parents: 1a0c5e2d9b01
-- message: add isbn to books
-- created: 2026-11-24T09:15:00Z

-- revise:upgrade
ALTER TABLE books ADD COLUMN isbn VARCHAR(20);

-- revise:downgrade
ALTER TABLE books DROP COLUMN isbn;
