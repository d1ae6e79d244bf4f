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

/// Reads a whole file of at most `limit` bytes. Anything that is not a regular file (a
/// device, a FIFO, a directory; a symlink is followed and judged by what it points to) is
/// refused before it is opened for reading, and the read goes through a hard byte limit
/// whatever the metadata says: `/dev/zero`, a FIFO or a file growing while read cannot make
/// it allocate past `limit` or hang.
pub fn read_limited(path: &Path, limit: usize, what: &'static str) -> Result<Vec<u8>> {
    use std::io::Read;
    let meta = fs::metadata(path).map_err(|e| Error::io("read", path, e))?;
    if !meta.is_file() {
        return Err(Error::NotRegularFile { what });
    }
    let too_large = |len: u64| Error::TooLarge {
        what,
        len: usize::try_from(len).unwrap_or(usize::MAX),
        limit,
    };
    if meta.len() > limit as u64 {
        return Err(too_large(meta.len()));
    }
    let f = File::open(path).map_err(|e| Error::io("read", path, e))?;
    // The file may have been swapped between the check and the open: check the open one.
    let opened = f.metadata().map_err(|e| Error::io("read", path, e))?;
    if !opened.is_file() {
        return Err(Error::NotRegularFile { what });
    }
    let mut out = Vec::with_capacity(opened.len().min(limit as u64) as usize);
    f.take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::io("read", path, e))?;
    if out.len() > limit {
        return Err(too_large(out.len() as u64));
    }
    Ok(out)
}

/// Creates `dir` (and its parents) for secrets or personal files: the directory itself is
/// made owner-only (0700 on Unix), whatever the umask.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    create_dir(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(|e| Error::io("protect", dir, e))?;
    }
    Ok(())
}

/// Writes a secret or personal file: owner-only (0600) in an owner-only directory (0700),
/// atomically.
pub fn write_private(path: &Path, data: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    write_atomic_private(path, data)
}

/// Creates a directory and its parents.
pub fn create_dir(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(|e| Error::io("create directory", path, e))
}

/// Where secrets live: a named 32-byte key, protected by the platform keystore on a phone
/// (implemented across the FFI), a file for the CLI, memory for tests.
pub trait SecretStore: Send + Sync {
    /// The secret under `name`, `None` if there is none.
    fn get(&self, name: &str) -> Result<Option<Vec<u8>>>;
    /// Stores (or replaces) the secret under `name`, durably, before returning.
    fn put(&self, name: &str, secret: &[u8]) -> Result<()>;
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
    fn devices_fifos_and_links_to_them_are_refused_and_reads_are_bounded() {
        let d = tempfile::tempdir().unwrap();
        for dev in ["/dev/zero", "/dev/urandom"] {
            assert!(matches!(
                read_limited(Path::new(dev), 1024, "f"),
                Err(Error::NotRegularFile { .. })
            ));
        }
        let link = d.path().join("link");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert!(matches!(
            read_limited(&link, 1024, "f"),
            Err(Error::NotRegularFile { .. })
        ));
        // A FIFO with no writer would block an open for reading forever: refused unopened.
        let fifo = d.path().join("fifo");
        let ok = std::process::Command::new("mkfifo").arg(&fifo).status();
        if ok.is_ok_and(|s| s.success()) {
            assert!(matches!(
                read_limited(&fifo, 1024, "f"),
                Err(Error::NotRegularFile { .. })
            ));
        }
        assert!(matches!(
            read_limited(d.path(), 1024, "f"),
            Err(Error::NotRegularFile { .. })
        ));
        let p = d.path().join("f");
        fs::write(&p, vec![7u8; 100]).unwrap();
        assert_eq!(read_limited(&p, 100, "f").unwrap().len(), 100);
        assert!(matches!(
            read_limited(&p, 99, "f"),
            Err(Error::TooLarge { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn private_writes_are_owner_only_under_a_permissive_umask() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("secrets/nested");
        // (The CLI's tests run the whole tool under `umask 022`; here the process's umask.)
        write_private(&dir.join("k"), b"secret").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir.join("k")), 0o600);
        assert_eq!(mode(&dir), 0o700);
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
