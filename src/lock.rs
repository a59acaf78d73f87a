//! Advisory file locks (`flock`): a batch's output folder and a cache entry
//! are used by one process at a time. The kernel drops a lock when its
//! holder dies, so a killed run never leaves a stale lock behind.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::Path;

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct Lock {
    _file: File,
    /// Removed when the lock is let go: a finished batch leaves no lock
    /// file behind. Only for locks taken without waiting ([`try_lock`]):
    /// nobody is blocked on the old file while it goes.
    remove: Option<std::path::PathBuf>,
}

impl Drop for Lock {
    fn drop(&mut self) {
        if let Some(path) = &self.remove {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn open(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("the lock file is not a regular file"));
    }
    Ok(file)
}

#[cfg(unix)]
fn flock(file: &File, wait: bool) -> std::io::Result<bool> {
    use std::os::fd::AsRawFd;
    let operation = libc::LOCK_EX | if wait { 0 } else { libc::LOCK_NB };
    // SAFETY: flock on a file descriptor this function's caller owns.
    if unsafe { libc::flock(file.as_raw_fd(), operation) } == 0 {
        return Ok(true);
    }
    let err = std::io::Error::last_os_error();
    if err.raw_os_error() == Some(libc::EWOULDBLOCK) {
        Ok(false)
    } else {
        Err(err)
    }
}

#[cfg(not(unix))]
fn flock(_file: &File, _wait: bool) -> std::io::Result<bool> {
    Ok(true)
}

/// Takes the lock at `path` without waiting, writing this process's id into
/// it. `Err` carries the holder's pid when another process has it.
pub fn try_lock(path: &Path) -> Result<Lock, String> {
    let mut file = open(path).map_err(|e| format!("cannot lock {}: {e}", path.display()))?;
    match flock(&file, false) {
        Ok(true) => {
            let _ = file.set_len(0);
            let _ = file.rewind();
            let _ = write!(file, "{}", std::process::id());
            Ok(Lock {
                _file: file,
                remove: Some(path.to_path_buf()),
            })
        }
        Ok(false) => {
            let mut holder = String::new();
            let _ = file.take(32).read_to_string(&mut holder);
            Err(holder.trim().to_string())
        }
        Err(err) => Err(format!("cannot lock {}: {err}", path.display())),
    }
}

/// Takes the lock at `path`, waiting for another holder to finish.
pub fn lock(path: &Path) -> std::io::Result<Lock> {
    let file = open(path)?;
    flock(&file, true)?;
    Ok(Lock {
        _file: file,
        remove: None,
    })
}
