//! The 查询 list as the window asks for it: a search's page first, its count after
//! (`Desk::list_first`, `Desk::list_count`), the same rows and the same count as the
//! whole list (`Desk::list`) on both stores.

use super::fixture::{form, on_server, t0, Fixture};
use complaint_core::model::{Role, Severity};
use complaint_core::storage::complaints::{ListCount, ListQuery, SortKey};

/// 55 complaints whose 经过 says 水管漏 (the fixture's form; the 55th confidential), then
/// 10 that do not.
fn listed() -> Fixture {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    for i in 0..65 {
        let mut c = form(Severity::Minor);
        c.confidential = i == 54;
        if i >= 55 {
            c.description = format!("小区东门路灯不亮（第{i}次）");
        }
        f.desk.register(&clerk, &c, t0()).unwrap();
    }
    f
}

fn search(text: &str, page: u32, page_size: u32) -> ListQuery {
    ListQuery {
        text: Some(text.into()),
        page,
        page_size,
        ..ListQuery::default()
    }
}

#[test]
fn a_common_words_page_comes_before_its_count_with_the_lists_rows() {
    let f = listed();
    let clerk = f.user(Role::Receptionist);
    let q = search("水管漏", 1, 20);
    let whole = f.desk.list(&clerk, &q, t0()).unwrap();
    assert_eq!((whole.total, whole.more, whole.counted), (55, false, true));
    let first = f.desk.list_first(&clerk, &q, t0()).unwrap();
    assert_eq!(first.rows, whole.rows, "the same page, in the same order");
    if on_server() {
        // Among the newest complaints, read without counting all 55.
        assert_eq!((first.total, first.more, first.counted), (20, true, false));
    } else {
        assert_eq!(first, whole, "a file counts as it lists");
    }
    assert_eq!(
        f.desk.list_count(&clerk, &q, t0()).unwrap(),
        ListCount {
            total: 55,
            more: false
        }
    );
    // The second page is among the newest too; the third (41–55 of 55) is short.
    for page in [2, 3] {
        let q = search("水管漏", page, 20);
        let whole = f.desk.list(&clerk, &q, t0()).unwrap();
        let first = f.desk.list_first(&clerk, &q, t0()).unwrap();
        assert_eq!(first.rows, whole.rows, "page {page}");
        assert_eq!(whole.rows.len(), if page == 2 { 20 } else { 15 });
        assert_eq!(first.counted, page == 3 || !on_server(), "page {page}");
        if first.counted {
            assert_eq!((first.total, first.more), (55, false));
        }
    }
}

#[test]
fn a_rare_word_another_order_or_another_department_is_counted_with_its_page() {
    let f = listed();
    let clerk = f.user(Role::Receptionist);
    let rare = search("路灯不亮", 1, 20);
    let first = f.desk.list_first(&clerk, &rare, t0()).unwrap();
    assert_eq!(
        (first.rows.len(), first.total, first.counted),
        (10, 10, true)
    );
    let none = f
        .desk
        .list_first(&clerk, &search("没有的词", 1, 20), t0())
        .unwrap();
    assert_eq!((none.rows.len(), none.total, none.counted), (0, 0, true));
    let by_case = ListQuery {
        sort: SortKey::CaseNo,
        ..search("水管漏", 1, 20)
    };
    let first = f.desk.list_first(&clerk, &by_case, t0()).unwrap();
    assert_eq!(first, f.desk.list(&clerk, &by_case, t0()).unwrap());
    assert_eq!((first.total, first.counted), (55, true));

    // A department head's page and count are of the own department: the word is
    // everywhere in 工程维修部 (department 1) and nowhere else.
    let head = f.user(Role::DepartmentHead);
    let q = search("水管漏", 1, 20);
    let own = f.desk.list_first(&head, &q, t0()).unwrap();
    assert_eq!(own.rows, f.desk.list(&head, &q, t0()).unwrap().rows);
    assert_eq!(own.rows.len(), 20);
    let elsewhere = ListQuery {
        department_id: Some(2),
        ..q.clone()
    };
    let other = f.desk.list_first(&head, &elsewhere, t0()).unwrap();
    assert_eq!((other.rows.len(), other.total, other.counted), (0, 0, true));
    assert_eq!(
        f.desk.list_count(&head, &elsewhere, t0()).unwrap(),
        ListCount {
            total: 0,
            more: false
        }
    );
    // The confidential one is not found by its text by a head, who sees it masked.
    assert_eq!(f.desk.list_count(&head, &q, t0()).unwrap().total, 54);
    assert!(!own.rows.iter().any(|r| r.id == 55));
    assert!(f
        .desk
        .list_first(&f.user(Role::Receptionist), &q, t0())
        .unwrap()
        .rows
        .iter()
        .any(|r| r.id == 55));
}
