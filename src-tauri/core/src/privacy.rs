//! 保密: a resident who complains about a neighbour or a member of staff may ask to stay
//! anonymous. Their name, phone and room are then shown only to the desk (receptionist,
//! supervisor) and the managers; every other role sees them masked — in lists, the
//! detail page, the timeline's corrections, prints and exports — and may reveal them
//! only with a reason, written to the audit.

use crate::detail::ComplaintDetail;
use crate::event::EventData;
use crate::model::{Role, User};
use crate::storage::complaints::ComplaintRow;

/// The roles that see a confidential complainant as registered.
pub const SEES_CONFIDENTIAL: [Role; 4] = [
    Role::Receptionist,
    Role::Supervisor,
    Role::Manager,
    Role::GeneralManager,
];

/// Whether `user` (in any role they hold) sees confidential complainants unmasked.
pub fn sees_confidential(user: &User) -> bool {
    SEES_CONFIDENTIAL.iter().any(|r| user.holds(*r))
}

/// 张三丰 → 张**: the family name only.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let rest = chars.filter(|c| !c.is_whitespace()).count().max(1);
            format!("{first}{}", "*".repeat(rest))
        }
    }
}

/// 13800135678 → 138****5678; a landline keeps its last four digits only.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().collect();
    let n = digits.len();
    if n == 11 && digits[0] == '1' && digits.iter().all(char::is_ascii_digit) {
        let head: String = digits[..3].iter().collect();
        let tail: String = digits[7..].iter().collect();
        return format!("{head}****{tail}");
    }
    if n <= 4 {
        return "*".repeat(n);
    }
    let tail: String = digits[n - 4..].iter().collect();
    format!("{}{tail}", "*".repeat(n - 4))
}

/// 3-2-1201 → 3-2-****: the building and unit stay (the department may need to find the
/// place), the flat does not.
pub fn mask_room(room: &str) -> String {
    match room.rfind(['-', '栋', '单', '元', '号', '楼']) {
        Some(i) => {
            let (keep, flat) =
                room.split_at(i + room[i..].chars().next().map_or(1, char::len_utf8));
            format!("{keep}{}", "*".repeat(flat.chars().count().max(1)))
        }
        None => "*".repeat(room.chars().count().max(1)),
    }
}

/// A confidential complainant, revealed with a reason (audited).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Resident {
    /// 住户姓名.
    pub resident_name: String,
    /// 房号.
    pub room: String,
    /// 联系电话.
    pub phone: String,
}

/// Longest reason for revealing a confidential complainant.
pub const REVEAL_REASON_MAX: usize = 200;

/// The three fields masked in place: name, phone, room.
fn mask_fields(name: &mut String, phone: &mut String, room: &mut String) {
    *name = mask_name(name);
    *phone = mask_phone(phone);
    *room = mask_room(room);
}

/// A stored complaint as `viewer` may see it (exports).
pub fn complaint_for(viewer: &User, c: &mut crate::model::Complaint) {
    if c.confidential && !sees_confidential(viewer) {
        mask_fields(&mut c.resident_name, &mut c.phone, &mut c.room);
    }
}

/// 住户 and 房号 on one line, masked when `masked` (a hand-over list, a 催办 notice).
pub fn resident_line(c: &crate::model::Complaint, masked: bool) -> String {
    if masked {
        format!("{} {}", mask_name(&c.resident_name), mask_room(&c.room))
    } else {
        format!("{} {}", c.resident_name, c.room)
    }
}

/// A list row as `viewer` may see it.
pub fn row_for(viewer: &User, mut row: ComplaintRow) -> ComplaintRow {
    if row.confidential && !sees_confidential(viewer) {
        mask_fields(&mut row.resident_name, &mut row.phone, &mut row.room);
        row.masked = true;
    }
    row
}

/// The corrected fields that name the resident.
const RESIDENT_FIELDS: [&str; 3] = ["residentName", "phone", "room"];

/// The detail page as `viewer` may see it: the form, the row and the before → after of
/// any correction of the resident's fields.
pub fn detail_for(viewer: &User, mut d: ComplaintDetail) -> ComplaintDetail {
    if !d.row.confidential || sees_confidential(viewer) {
        return d;
    }
    d.row = row_for(viewer, d.row);
    let f = &mut d.form;
    mask_fields(&mut f.resident_name, &mut f.phone, &mut f.room);
    for entry in &mut d.timeline {
        if let EventData::Corrected { changes, .. } = &mut entry.event {
            for change in changes
                .iter_mut()
                .filter(|c| RESIDENT_FIELDS.contains(&c.field.as_str()))
            {
                let mask = |v: &str| match change.field.as_str() {
                    "residentName" => mask_name(v),
                    "phone" => mask_phone(v),
                    _ => mask_room(v),
                };
                change.before = change.before.as_deref().map(mask);
                change.after = change.after.as_deref().map(mask);
            }
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_read_as_the_center_writes_them() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_phone("13800135678"), "138****5678");
        assert_eq!(mask_phone("0755-88886666"), "*********6666");
        assert_eq!(mask_phone("110"), "***");
        assert_eq!(mask_room("3-2-1201"), "3-2-****");
        assert_eq!(mask_room("5栋1201"), "5栋****");
        assert_eq!(mask_room("1201"), "****");
    }
}
