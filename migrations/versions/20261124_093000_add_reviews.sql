-- revision: 3c93d8e6f723
-- parents: 2b7f41c0aa12
-- message: add reviews
-- created: 2026-11-24T09:30:00Z

-- revise:upgrade
CREATE TABLE reviews (
    id INTEGER NOT NULL PRIMARY KEY,
    book_id INTEGER NOT NULL,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body TEXT,
    written DATE NOT NULL,
    FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
);

INSERT INTO authors (id, name, born) VALUES (1, 'Ursula K. Le Guin', '1929-10-21');
INSERT INTO books (id, author_id, title, published) VALUES (1, 1, 'The Dispossessed', '1974-05-01');

-- revise:downgrade
DELETE FROM books WHERE id = 1;
DELETE FROM authors WHERE id = 1;
DROP TABLE reviews;
