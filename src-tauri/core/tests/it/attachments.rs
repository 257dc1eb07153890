//! 附件: a photo attached, listed, thumbnailed, printed on the appendix page, backed up
//! (once), restored, and a swapped or missing file named by `verify`.

use super::fixture::{dispatch, form, t0, Fixture};
use super::pdf::{font, poppler, save, squeeze};
use chrono::Duration;
use complaint_core::attachments::{FileState, Kind, Store};
use complaint_core::backup::{self, RestoreRequest, Restorer};
use complaint_core::desk::AttachInput;
use complaint_core::event::EventData;
use complaint_core::model::{Role, Severity};
use complaint_core::workflow::{ReasonInput, Step};
use complaint_core::{args, DeskError};

/// A real photo: a 900 × 600 gradient, encoded as JPEG.
fn photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(900, 600, |x, y| {
        image::Rgb([(x / 4) as u8, (y / 3) as u8, 160])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

fn named(name: &str) -> AttachInput {
    AttachInput {
        name: name.into(),
        step_event_id: None,
    }
}

#[test]
fn a_photo_is_kept_by_its_hash_listed_thumbnailed_and_audited() {
    let mut f = Fixture::new();
    let [clerk, head] = [Role::Receptionist, Role::DepartmentHead].map(|r| f.user(r));
    let id = f.registered(Severity::Minor);
    f.desk.step(&clerk, id, dispatch(), t0()).unwrap();
    let bytes = photo();
    let at = t0() + Duration::minutes(30);
    // The head attaches the photo of the soaked ceiling to the dispatch step.
    let detail = f.desk.detail(&head, id, at).unwrap();
    let step = detail.timeline[1].id;
    let a = f
        .desk
        .attach(
            &head,
            id,
            &AttachInput {
                name: "C:\\Users\\工程部\\天花板渗水.jpg".into(),
                step_event_id: Some(step),
            },
            &bytes,
            at,
        )
        .unwrap();
    assert_eq!(a.name, "天花板渗水.jpg", "the path is cut to the name");
    assert_eq!(a.kind, Kind::Jpeg);
    assert_eq!(a.size, bytes.len() as i64);
    assert_eq!(a.sha256, complaint_core::attachments::sha256(&bytes));
    assert_eq!(kept(&f, &a.sha256).unwrap(), bytes);
    // Listed on the detail page; its event carries the hash; the audit holds it.
    let detail = f.desk.detail(&clerk, id, at).unwrap();
    assert_eq!(detail.attachments, std::slice::from_ref(&a));
    assert!(matches!(
        &detail.timeline.last().unwrap().event,
        EventData::Attached { sha256, step_event_id: Some(s), .. } if *sha256 == a.sha256 && *s == step
    ));
    let audited: String = f
        .sql()
        .scalar(
            "SELECT after FROM audit_log WHERE action = 'complaint.attach'",
            args![],
        )
        .unwrap();
    assert!(audited.contains(&a.sha256), "{audited}");
    // A thumbnail: a JPEG at most 320 px on its longer side.
    let thumb = f.desk.attachment_thumbnail(&clerk, a.id).unwrap().unwrap();
    let small = image::load_from_memory(&thumb).unwrap();
    assert_eq!((small.width(), small.height()), (320, 213));
    let (_, full) = f.desk.attachment_file(&clerk, a.id).unwrap();
    assert_eq!(full, bytes);
    // The same photo again is stored once.
    f.desk
        .attach(&clerk, id, &named("again.jpg"), &bytes, at)
        .unwrap();
    assert_eq!(kept_files(&f), 1);
    assert_eq!(f.desk.verify_attachments().unwrap(), []);
}

/// The file kept under `sha`: beside a desk's file, or in the server's database.
fn kept(f: &Fixture, sha: &str) -> Option<Vec<u8>> {
    if super::fixture::on_server() {
        f.sql()
            .opt(
                "SELECT bytes FROM attachment_files WHERE sha256 = ?1",
                args![sha],
                |r| r.get::<Vec<u8>>(0),
            )
            .unwrap()
    } else {
        std::fs::read(Store::beside(&f.path()).path(sha)).ok()
    }
}

/// How many files are kept.
fn kept_files(f: &Fixture) -> usize {
    if super::fixture::on_server() {
        return f.count("attachment_files") as usize;
    }
    let root = Store::beside(&f.path()).root().to_owned();
    std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|d| d.ok())
        .filter(|d| d.file_name() != "thumbs")
        .map(|d| std::fs::read_dir(d.path()).unwrap().count())
        .sum()
}

#[test]
fn what_cannot_be_attached_is_refused_with_the_field_named_and_nothing_kept() {
    let mut f = Fixture::new();
    let [clerk, head, patrol] =
        [Role::Receptionist, Role::DepartmentHead, Role::Patrol].map(|r| f.user(r));
    let id = f.registered(Severity::Minor);
    let refused = |r: Result<_, DeskError>| match r {
        Err(DeskError::Invalid(fields)) => fields[0].message.clone(),
        other => panic!("{other:?}"),
    };
    let exe = b"MZ\x90\0\x03\0\0\0".to_vec();
    assert!(
        refused(f.desk.attach(&clerk, id, &named("virus.jpg"), &exe, t0()))
            .contains("只接受照片（JPEG、PNG、HEIC）和 PDF")
    );
    assert!(refused(f.desk.attach(&clerk, id, &named("empty.jpg"), &[], t0())).contains("空文件"));
    let mut huge = photo();
    huge.resize(complaint_core::attachments::MAX_BYTES + 1, 0);
    assert!(
        refused(f.desk.attach(&clerk, id, &named("huge.jpg"), &huge, t0()))
            .contains("不能超过 20 MB")
    );
    assert!(refused(f.desk.attach(&clerk, id, &named("  "), &photo(), t0())).contains("名称"));
    let wrong_step = AttachInput {
        name: "a.jpg".into(),
        step_event_id: Some(9999),
    };
    assert!(refused(f.desk.attach(&clerk, id, &wrong_step, &photo(), t0())).contains("所属步骤"));
    // Another department's head may not.
    let mut other = form(Severity::Minor);
    other.department_id = Some(2);
    let elsewhere = f.desk.register(&clerk, &other, t0()).unwrap().id;
    assert!(matches!(
        f.desk
            .attach(&head, elsewhere, &named("a.jpg"), &photo(), t0()),
        Err(DeskError::OtherDepartment)
    ));
    // Nothing was kept, no event, no file.
    assert_eq!(f.count("attachments"), 0);
    assert!(!Store::beside(&f.path()).root().exists());
    // A voided complaint takes none.
    f.desk
        .step(
            &f.user(Role::Supervisor),
            id,
            Step::Void(ReasonInput {
                reason: "重复登记".into(),
            }),
            t0(),
        )
        .unwrap();
    assert!(
        refused(f.desk.attach(&patrol, id, &named("a.jpg"), &photo(), t0()))
            .contains("已归档或作废")
    );
}

#[test]
fn removal_is_an_event_with_a_reason_and_the_file_stays() {
    let mut f = Fixture::new();
    let [clerk, patrol, sup] =
        [Role::Receptionist, Role::Patrol, Role::Supervisor].map(|r| f.user(r));
    let id = f.registered(Severity::Minor);
    let a = f
        .desk
        .attach(&clerk, id, &named("错拍.jpg"), &photo(), t0())
        .unwrap();
    let b = f
        .desk
        .attach(&clerk, id, &named("照片2.jpg"), b"%PDF-1.4 scan", t0())
        .unwrap();
    assert_eq!(b.kind, Kind::Pdf);
    // Not the patrol's to remove; a reason is needed.
    assert!(f
        .desk
        .remove_attachment(&patrol, a.id, "不需要", t0())
        .is_err());
    assert!(f.desk.remove_attachment(&clerk, a.id, " ", t0()).is_err());
    let removed = f
        .desk
        .remove_attachment(&clerk, a.id, "拍错了房间", t0())
        .unwrap();
    assert!(removed.removed_event_id.is_some());
    assert!(f.desk.remove_attachment(&sup, a.id, "再次", t0()).is_err());
    // The supervisor may remove another's.
    f.desk
        .remove_attachment(&sup, b.id, "与本投诉无关", t0())
        .unwrap();
    assert_eq!(kept(&f, &a.sha256).unwrap(), photo(), "the file stays");
    assert_eq!(f.count("attachments"), 2, "rows are never deleted");
    assert!(f.sql().execute("DELETE FROM attachments", args![]).is_err());
    if super::fixture::on_server() {
        // The server keeps the files themselves: never deleted, never changed.
        assert!(f
            .sql()
            .execute("DELETE FROM attachment_files", args![])
            .is_err());
        assert!(f
            .sql()
            .execute(
                "UPDATE attachment_files SET bytes = ?1",
                args![b"x".to_vec()]
            )
            .is_err());
    }
    let detail = f.desk.detail(&clerk, id, t0()).unwrap();
    assert!(detail.timeline.iter().any(|e| matches!(
        &e.event,
        EventData::AttachmentRemoved { reason, .. } if reason == "拍错了房间"
    )));
}

#[test]
fn the_printed_form_lists_attachments_and_prints_photos_on_an_appendix_page() {
    let mut f = Fixture::new();
    let clerk = f.user(Role::Receptionist);
    let id = f.registered(Severity::Minor);
    for name in ["维修前.jpg", "维修后.jpg", "意见表扫描.pdf"] {
        let bytes = if name.ends_with(".pdf") {
            b"%PDF-1.4 scan".to_vec()
        } else {
            let mut p = photo();
            p.extend_from_slice(name.as_bytes()); // a different file each
            p
        };
        f.desk
            .attach(&clerk, id, &named(name), &bytes, t0())
            .unwrap();
    }
    let printed = f.desk.print_form(&clerk, id, font(), t0()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "attachments.pdf", &printed);
    let text = squeeze(&poppler("pdftotext", &["-enc", "UTF-8"], &path));
    for needle in [
        "附件",
        "维修前.jpg",
        "意见表扫描.pdf",
        "PDF扫描件",
        "附页：照片",
        "附件1：维修前.jpg",
        "附件2：维修后.jpg",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    let images = poppler("pdfimages", &["-list"], &path);
    assert_eq!(images.lines().count() - 2, 2, "two photos: {images}");
    assert!(
        printed.bytes.len() < 2_000_000,
        "{} bytes",
        printed.bytes.len()
    );
    let out = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "30", "-f", &printed.pages.to_string()])
        .arg(&path)
        .arg(dir.path().join("appendix"))
        .status()
        .unwrap();
    assert!(out.success());
}

#[test]
fn backups_carry_the_files_once_restore_brings_them_back_and_verify_names_a_tampered_one() {
    crate::file_only!();
    let mut f = Fixture::new();
    let [clerk, admin] = [Role::Receptionist, Role::Admin].map(|r| f.user(r));
    let id = f.registered(Severity::Minor);
    let case_no = f.desk.detail(&clerk, id, t0()).unwrap().row.case_no;
    let a = f
        .desk
        .attach(&clerk, id, &named("天花板.jpg"), &photo(), t0())
        .unwrap();
    let backups = tempfile::tempdir().unwrap();
    let first = f.desk.backup_now(&admin, backups.path(), t0()).unwrap();
    let kept = Store::beside(&first);
    assert_eq!(kept.state(&a.sha256), FileState::Intact);
    let copied_at = std::fs::metadata(kept.path(&a.sha256))
        .unwrap()
        .modified()
        .unwrap();
    // The next backup copies only the new file.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut other = photo();
    other.push(1);
    let b = f
        .desk
        .attach(&clerk, id, &named("二.jpg"), &other, t0())
        .unwrap();
    f.desk
        .backup_now(&admin, backups.path(), t0() + Duration::seconds(2))
        .unwrap();
    assert_eq!(
        std::fs::metadata(kept.path(&a.sha256))
            .unwrap()
            .modified()
            .unwrap(),
        copied_at,
        "an unchanged file is not copied again"
    );
    assert_eq!(kept.state(&b.sha256), FileState::Intact);

    // A swapped file and a missing one are named by case number.
    let live = Store::beside(&f.path());
    assert!(f.desk.verify_attachments().unwrap().is_empty());
    std::fs::write(live.path(&a.sha256), b"not the photo").unwrap();
    std::fs::remove_file(live.path(&b.sha256)).unwrap();
    let problems = f.desk.verify_attachments().unwrap();
    let named_problems: Vec<_> = problems
        .iter()
        .map(|p| (p.case_no.as_str(), p.name.as_str(), p.state))
        .collect();
    assert_eq!(
        named_problems,
        [
            (case_no.as_str(), "天花板.jpg", FileState::Altered),
            (case_no.as_str(), "二.jpg", FileState::Missing),
        ]
    );
    assert!(f.desk.attachment_file(&clerk, a.id).is_err());

    // Restoring the first backup brings the photo back (the altered file is replaced by
    // the backup's intact one).
    let path = f.path();
    // Closed (the fixture, which keeps the folder, stays).
    drop(std::mem::replace(
        &mut f.desk,
        complaint_core::Desk::in_memory().unwrap(),
    ));
    let keys = complaint_core::seal::Keys::new(path.with_file_name("keys"));
    let report = backup::restore(&RestoreRequest {
        live: &path,
        from: &first,
        backups_dir: backups.path(),
        keys: &keys,
        by: Restorer::Administrator {
            id: admin.id,
            name: &admin.display_name,
        },
        now: t0() + Duration::minutes(5),
        tz: chrono_tz::Asia::Shanghai,
    })
    .unwrap();
    assert_eq!(report.attachments_copied, 1);
    assert!(report.attachments_missing.is_empty());
    assert_eq!(live.state(&a.sha256), FileState::Intact);
    let desk = complaint_core::Desk::open(&path).unwrap();
    assert!(desk.verify_attachments().unwrap().is_empty());
}
