//! The migration lock as an RAII guard: taken before the version table is read,
//! released when the guard drops, on every path, errors and panics included.

use std::time::Duration;

use crate::dialect::Database;
use crate::error::Result;

/// Holds the migration lock for the lifetime of the guard.
pub struct LockGuard<'a> {
    db: &'a mut dyn Database,
    name: String,
}

impl<'a> LockGuard<'a> {
    /// Waits up to `timeout` for the lock called `name` (the version table's name:
    /// runners of the same environment exclude each other, others do not).
    pub fn acquire(db: &'a mut dyn Database, name: &str, timeout: Duration) -> Result<Self> {
        db.lock(name, timeout)?;
        Ok(LockGuard {
            db,
            name: name.to_string(),
        })
    }

    /// The locked connection.
    pub fn db(&mut self) -> &mut dyn Database {
        &mut *self.db
    }
}

impl Drop for LockGuard<'_> {
    fn drop(&mut self) {
        // Nothing useful can be done with a failure here: the session-level lock
        // also ends with the connection, which is about to close.
        let _ = self.db.unlock(&self.name);
    }
}
