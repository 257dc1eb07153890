//! A second launch hands over to the first window and exits (over the D-Bus session bus,
//! as on a desktop). Runs the real binary under Xvfb with a private session bus.

use std::process::Command;

#[test]
fn a_second_launch_exits_and_the_first_keeps_running() {
    let bin = env!("CARGO_BIN_EXE_complaint-desk");
    let dir = tempfile::tempdir().unwrap();
    let script = format!(
        "'{bin}' & first=$!; sleep 5; \
         timeout 20 '{bin}'; echo \"second=$?\"; \
         if kill -0 $first; then echo first=alive; fi; kill $first; wait $first"
    );
    let out = Command::new("xvfb-run")
        .args(["-a", "dbus-run-session", "--", "sh", "-c", &script])
        .env("COMPLAINTDESK_DATA_DIR", dir.path())
        .output()
        .expect("xvfb-run and dbus-run-session are installed by `make test`");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("second=0"),
        "the second launch did not exit at once: {stdout}"
    );
    assert!(
        stdout.contains("first=alive"),
        "the first window did not survive: {stdout}"
    );
}
