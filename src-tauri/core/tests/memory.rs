//! What a list call allocates, whatever page it is asked for: a page past the end is an
//! empty page with the total, never a reservation of `(page - 1) × size` entries (which
//! aborted the app). Its own binary, one test, so that no other test's allocations count.

#[path = "it/fixture.rs"]
#[allow(dead_code)]
mod fixture;

use complaint_core::model::{Role, Severity};
use complaint_core::storage::complaints::{ListQuery, SortKey};
use fixture::{form, t0, Fixture};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
use std::alloc::System;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// More than any page of 200 rows needs, far less than the smallest of the old reservations.
const BUDGET: usize = 16 << 20;

#[test]
fn no_page_number_makes_the_list_allocate_more_than_a_page() {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    for i in 0..40 {
        let mut input = form(Severity::Minor);
        input.resident_name = format!("住户{i}");
        f.desk.register(&clerk, &input, t0()).unwrap();
    }
    let searches = [Some("住户"), Some("漏水"), Some("TS-"), None];
    let pages = [1, 2, 1_000, 100_000, u32::MAX / 2, u32::MAX];
    for text in searches {
        for sort in [SortKey::ReceivedAt, SortKey::CaseNo] {
            for page in pages {
                let q = ListQuery {
                    text: text.map(str::to_owned),
                    sort,
                    page,
                    page_size: 200,
                    ..ListQuery::default()
                };
                let region = Region::new(GLOBAL);
                let result = f.desk.list(&clerk, &q, t0()).unwrap();
                let used = region.change().bytes_allocated;
                assert!(
                    used < BUDGET,
                    "{text:?} page {page}: {used} bytes allocated"
                );
                if page > 1 {
                    assert!(result.rows.is_empty(), "{text:?} page {page}");
                }
                if text == Some("住户") {
                    assert_eq!(result.total, 40);
                }
            }
        }
    }
}
