//! Opening files of an audited repository: never through a symlink, never
//! blocking on a FIFO.

use std::path::Path;

/// Opens a file for reading, failing with `ELOOP` on a symlink (one swapped
/// in after the inventory was taken included) and never blocking on a FIFO.
pub fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}
