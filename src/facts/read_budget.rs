//! One budget of bytes for the large reads that run in parallel
//! (notebooks, up to 20 MiB each): each read holds its size until its file
//! is analysed, so eight big notebooks on eight threads cost about what one
//! does, while small files never wait.

use std::sync::{Condvar, Mutex, PoisonError};

pub struct ReadBudget {
    total: u64,
    free: Mutex<u64>,
    returned: Condvar,
}

/// Bytes held from a [`ReadBudget`]; given back when dropped.
pub struct Held<'a> {
    budget: &'a ReadBudget,
    bytes: u64,
}

impl ReadBudget {
    pub fn new(total: u64) -> Self {
        ReadBudget {
            total,
            free: Mutex::new(total),
            returned: Condvar::new(),
        }
    }

    /// Waits until `bytes` (at most the whole budget, so any read can
    /// proceed once it is alone) are free, and holds them.
    pub fn hold(&self, bytes: u64) -> Held<'_> {
        let bytes = bytes.min(self.total);
        let mut free = self.free.lock().unwrap_or_else(PoisonError::into_inner);
        while *free < bytes {
            free = self
                .returned
                .wait(free)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *free -= bytes;
        Held {
            budget: self,
            bytes,
        }
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let mut free = self
            .budget
            .free
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *free += self.bytes;
        self.budget.returned.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[test]
    fn holders_never_exceed_the_budget_and_oversized_reads_still_run() {
        let budget = ReadBudget::new(100);
        let in_use = AtomicU64::new(0);
        let peak = AtomicU64::new(0);
        std::thread::scope(|scope| {
            for bytes in [60, 60, 30, 500, 10, 90] {
                let (budget, in_use, peak) = (&budget, &in_use, &peak);
                scope.spawn(move || {
                    let held = budget.hold(bytes);
                    let now = in_use.fetch_add(held.bytes, Ordering::SeqCst) + held.bytes;
                    peak.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(5));
                    in_use.fetch_sub(held.bytes, Ordering::SeqCst);
                });
            }
        });
        assert!(peak.load(Ordering::SeqCst) <= 100);
        assert_eq!(*budget.free.lock().unwrap(), 100, "everything given back");
    }
}
