//! Unix accounts and groups, through the system's name service (so
//! accounts from LDAP or SSSD on a training centre's server are found too):
//! who runs this process, whose uid owns a file, which gid a group has.
//! The only `unsafe` of livret is here, each call a plain libc function
//! with buffers it owns.

use std::ffi::{CStr, CString};

/// The effective uid of this process: the account files are written as.
pub fn current_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// The effective gid of this process.
pub fn current_gid() -> u32 {
    // SAFETY: getegid has no preconditions and cannot fail.
    unsafe { libc::getegid() }
}

/// Whether this process may keep a file in group `gid`: it is root, or the
/// group is its own or one of its supplementary groups.
pub fn in_group(gid: u32) -> bool {
    if current_uid() == 0 || current_gid() == gid {
        return true;
    }
    // SAFETY: with a size of 0, getgroups only returns the count.
    let count = unsafe { libc::getgroups(0, std::ptr::null_mut()) };
    if count <= 0 {
        return false;
    }
    let mut groups = vec![0 as libc::gid_t; count as usize];
    // SAFETY: `groups` has room for `count` entries.
    let count = unsafe { libc::getgroups(count, groups.as_mut_ptr()) };
    count > 0 && groups[..count as usize].contains(&gid)
}

/// Calls a `get*_r` function with a buffer grown until it fits.
fn with_buffer<T>(
    mut call: impl FnMut(&mut [libc::c_char]) -> Result<Option<T>, i32>,
) -> Option<T> {
    let mut size = 1024;
    loop {
        let mut buffer = vec![0 as libc::c_char; size];
        match call(&mut buffer) {
            Ok(found) => return found,
            Err(libc::ERANGE) if size < 1 << 20 => size *= 4,
            Err(_) => return None,
        }
    }
}

/// The account name of `uid`, if the system knows it.
pub fn user_name(uid: u32) -> Option<String> {
    with_buffer(|buffer| {
        // SAFETY: an all-zero passwd is a valid value of this plain C struct.
        let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: every pointer is to memory owned here, `buffer.len()` is its size.
        let code = unsafe {
            libc::getpwuid_r(
                uid,
                &mut entry,
                buffer.as_mut_ptr(),
                buffer.len(),
                &mut result,
            )
        };
        if code != 0 {
            return Err(code);
        }
        if result.is_null() || entry.pw_name.is_null() {
            return Ok(None);
        }
        // SAFETY: on success pw_name points to a NUL-terminated string in `buffer`.
        let name = unsafe { CStr::from_ptr(entry.pw_name) };
        Ok(Some(name.to_string_lossy().into_owned()))
    })
}

/// The uid and primary gid of account `name`.
pub fn user_ids(name: &str) -> Option<(u32, u32)> {
    let name = CString::new(name).ok()?;
    with_buffer(|buffer| {
        // SAFETY: as in `user_name`.
        let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: `name` is NUL-terminated; the rest as in `user_name`.
        let code = unsafe {
            libc::getpwnam_r(
                name.as_ptr(),
                &mut entry,
                buffer.as_mut_ptr(),
                buffer.len(),
                &mut result,
            )
        };
        if code != 0 {
            return Err(code);
        }
        Ok((!result.is_null()).then_some((entry.pw_uid, entry.pw_gid)))
    })
}

/// The gid of group `name`.
pub fn group_id(name: &str) -> Option<u32> {
    let name = CString::new(name).ok()?;
    with_buffer(|buffer| {
        // SAFETY: an all-zero group is a valid value of this plain C struct.
        let mut entry: libc::group = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::group = std::ptr::null_mut();
        // SAFETY: as in `user_ids`.
        let code = unsafe {
            libc::getgrnam_r(
                name.as_ptr(),
                &mut entry,
                buffer.as_mut_ptr(),
                buffer.len(),
                &mut result,
            )
        };
        if code != 0 {
            return Err(code);
        }
        Ok((!result.is_null()).then_some(entry.gr_gid))
    })
}

/// The name of group `gid`.
pub fn group_name(gid: u32) -> Option<String> {
    with_buffer(|buffer| {
        // SAFETY: as in `group_id`.
        let mut entry: libc::group = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::group = std::ptr::null_mut();
        // SAFETY: as in `user_name`.
        let code = unsafe {
            libc::getgrgid_r(
                gid,
                &mut entry,
                buffer.as_mut_ptr(),
                buffer.len(),
                &mut result,
            )
        };
        if code != 0 {
            return Err(code);
        }
        if result.is_null() || entry.gr_name.is_null() {
            return Ok(None);
        }
        // SAFETY: on success gr_name points to a NUL-terminated string in `buffer`.
        let name = unsafe { CStr::from_ptr(entry.gr_name) };
        Ok(Some(name.to_string_lossy().into_owned()))
    })
}

/// The account name of `uid`, or `uid 1234` when the system has none.
pub fn describe_uid(uid: u32) -> String {
    user_name(uid).unwrap_or_else(|| format!("uid {uid}"))
}

/// The name of the account running this process.
pub fn current_name() -> String {
    describe_uid(current_uid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_an_account_and_root_is_uid_zero() {
        let name = current_name();
        assert!(!name.is_empty());
        assert_eq!(user_name(0).as_deref(), Some("root"));
        assert_eq!(user_ids("root").map(|ids| ids.0), Some(0));
        assert_eq!(group_id("root"), Some(0));
        assert_eq!(group_name(0).as_deref(), Some("root"));
        assert_eq!(user_ids("personne-de-ce-nom"), None);
        assert_eq!(group_id("groupe-de-ce-nom-inconnu"), None);
        assert!(user_name(4_000_000_000).is_none());
        assert_eq!(describe_uid(4_000_000_000), "uid 4000000000");
    }
}
