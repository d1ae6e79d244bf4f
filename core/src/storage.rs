//! Durable file writes: temp file in the same directory, fsync, rename, fsync the directory.
//! A crash at any point leaves either the old file or the new one, never a torn one.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

use crate::{Error, Result};

/// Writes `data` to `path` atomically.
pub fn write_atomic(path: &Path, data: &[u8]) -> Result<()> {
    write_atomic_with(path, data, false, &mut |_| Ok(()))
}

/// As [`write_atomic`], the file readable and writable by its owner only (mode 0600 on Unix):
/// for keys and secrets.
pub fn write_atomic_private(path: &Path, data: &[u8]) -> Result<()> {
    write_atomic_with(path, data, true, &mut |_| Ok(()))
}

/// A point in [`write_atomic_with`], reported to its hook just *before* the step is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum WriteStep {
    /// Before the temp file is created.
    Create,
    /// Half of the data is written to the temp file (a torn write from here).
    Write,
    /// All data is in the temp file, not yet synced.
    Sync,
    /// The temp file is synced, not yet renamed over the target.
    Rename,
    /// Renamed, the directory not yet synced.
    SyncDirectory,
}

impl WriteStep {
    /// Every step, in order.
    #[cfg(test)]
    pub(crate) const ALL: [WriteStep; 5] = [
        WriteStep::Create,
        WriteStep::Write,
        WriteStep::Sync,
        WriteStep::Rename,
        WriteStep::SyncDirectory,
    ];
}

/// The atomic write with a hook called before each [`WriteStep`]; an error from the hook stops
/// the write there, as a crash would (nothing is cleaned up). Tests use it to interrupt writes
/// at every step; [`write_atomic`] passes a hook that does nothing.
pub(crate) fn write_atomic_with(
    path: &Path,
    data: &[u8],
    private: bool,
    hook: &mut dyn FnMut(WriteStep) -> std::io::Result<()>,
) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| Error::InvalidArgument("path has no file name".into()))?;
    let tmp = dir.join(format!(".{}.tmp", name.to_string_lossy()));
    let step = |hook: &mut dyn FnMut(WriteStep) -> std::io::Result<()>, s: WriteStep, p: &Path| {
        hook(s).map_err(|e| Error::io("write", p, e))
    };
    step(hook, WriteStep::Create, &tmp)?;
    // A temp file left by an interrupted write goes first, so the new one gets its mode.
    match fs::remove_file(&tmp) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(Error::io("remove", &tmp, e))
        }
        _ => {}
    }
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut f = opts.open(&tmp).map_err(|e| Error::io("create", &tmp, e))?;
    let (first, second) = data.split_at(data.len() / 2);
    f.write_all(first)
        .map_err(|e| Error::io("write", &tmp, e))?;
    step(hook, WriteStep::Write, &tmp)?;
    f.write_all(second)
        .map_err(|e| Error::io("write", &tmp, e))?;
    step(hook, WriteStep::Sync, &tmp)?;
    f.sync_all().map_err(|e| Error::io("sync", &tmp, e))?;
    drop(f);
    step(hook, WriteStep::Rename, &tmp)?;
    fs::rename(&tmp, path).map_err(|e| Error::io("rename", path, e))?;
    step(hook, WriteStep::SyncDirectory, path)?;
    sync_dir(dir)
}

/// Makes a rename in `dir` durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| Error::io("sync directory", dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Reads a whole file, refusing one larger than `limit` before reading it.
pub fn read_limited(path: &Path, limit: usize, what: &'static str) -> Result<Vec<u8>> {
    let len = fs::metadata(path)
        .map_err(|e| Error::io("read", path, e))?
        .len();
    if len > limit as u64 {
        return Err(Error::TooLarge {
            what,
            len: usize::try_from(len).unwrap_or(usize::MAX),
            limit,
        });
    }
    fs::read(path).map_err(|e| Error::io("read", path, e))
}

/// Creates a directory and its parents.
pub fn create_dir(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(|e| Error::io("create directory", path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("f.bin");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1);
        assert!(matches!(
            read_limited(&p, 2, "f"),
            Err(Error::TooLarge { .. })
        ));
    }

    #[test]
    fn interrupted_write_leaves_old_or_new() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("f.bin");
        for stop in WriteStep::ALL {
            write_atomic(&p, b"old old").unwrap();
            let r = write_atomic_with(&p, b"new new", false, &mut |s| {
                if s == stop {
                    Err(std::io::Error::other("crash"))
                } else {
                    Ok(())
                }
            });
            assert!(r.is_err());
            let now = fs::read(&p).unwrap();
            let expect: &[u8] = if stop == WriteStep::SyncDirectory {
                b"new new"
            } else {
                b"old old"
            };
            assert_eq!(now, expect, "{stop:?}");
        }
        // A leftover temp file does not stop the next write.
        write_atomic(&p, b"after").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"after");
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("k");
        write_atomic_private(&p, b"secret").unwrap();
        let mode = fs::metadata(&p).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
