//! 考核目标: what each figure is held against. The seed's environmental-complaint scheme
//! sets a satisfaction target of 85 % and a line of 80 % below which a department fails;
//! each on-time rate has a target and a line of its own. The figures are shown green
//! (target met), amber (below the target, not below the line) or red (below the line).

use super::{Figures, Rate, KINDS};
use crate::deadline::DeadlineKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A target and the line below which it fails, in per cent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Target {
    /// 目标值 (%).
    pub target: f64,
    /// 不合格线 (%): at or above it, below the target, is amber.
    pub line: f64,
}

/// The on-time target of one deadline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct KindTarget {
    /// Which deadline.
    pub kind: DeadlineKind,
    /// Its target and line.
    #[serde(flatten)]
    #[ts(flatten)]
    pub target: Target,
}

/// Every target, as the settings hold them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Targets {
    /// 综合满意率 (also each department's: below its line the department fails).
    pub satisfaction: Target,
    /// 按时率, per deadline in procedure order.
    pub on_time: Vec<KindTarget>,
}

impl Default for Targets {
    fn default() -> Self {
        Self {
            satisfaction: Target {
                target: 85.0,
                line: 80.0,
            },
            on_time: KINDS
                .iter()
                .map(|&kind| KindTarget {
                    kind,
                    target: Target {
                        target: 95.0,
                        line: 90.0,
                    },
                })
                .collect(),
        }
    }
}

impl Targets {
    /// The target of a deadline (the default for one saved before it existed).
    pub fn on_time(&self, kind: DeadlineKind) -> Target {
        self.on_time.iter().find(|k| k.kind == kind).map_or(
            Target {
                target: 95.0,
                line: 90.0,
            },
            |k| k.target,
        )
    }
}

/// Green, amber, red — or nothing to judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Verdict {
    /// At or above the target.
    Met,
    /// Below the target, at or above the line.
    Below,
    /// Below the line.
    Failing,
    /// Nothing to divide by.
    NoData,
}

impl Verdict {
    /// How `rate` stands against `t`.
    pub fn of(rate: Rate, t: Target) -> Self {
        match rate.percent() {
            None => Verdict::NoData,
            Some(p) if p + 1e-9 >= t.target => Verdict::Met,
            Some(p) if p + 1e-9 >= t.line => Verdict::Below,
            Some(_) => Verdict::Failing,
        }
    }

    /// 达标, 未达标, 不合格, —.
    pub fn label_zh(self) -> &'static str {
        match self {
            Verdict::Met => "达标",
            Verdict::Below => "未达标",
            Verdict::Failing => "不合格",
            Verdict::NoData => "—",
        }
    }
}

/// One figure against its target.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TargetCheck {
    /// A deadline kind's code, or `satisfaction`.
    pub key: String,
    /// What a person reads.
    pub label: String,
    /// The figure.
    pub rate: Rate,
    /// Held against.
    pub target: Target,
    /// How it stands.
    pub verdict: Verdict,
}

/// A department whose satisfaction is below the line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FailingDepartment {
    /// 部门.
    pub name: String,
    /// Its satisfaction rate.
    pub satisfaction: Rate,
}

/// The figures against the targets: each on-time rate, then the overall satisfaction.
pub fn checks(f: &Figures, t: &Targets) -> Vec<TargetCheck> {
    f.deadlines
        .iter()
        .map(|d| {
            let target = t.on_time(d.kind);
            TargetCheck {
                key: d.kind.code().to_owned(),
                label: format!("{}按时率", d.kind.label_zh()),
                rate: d.rate,
                target,
                verdict: Verdict::of(d.rate, target),
            }
        })
        .chain(std::iter::once(TargetCheck {
            key: "satisfaction".into(),
            label: "综合满意率".into(),
            rate: f.satisfaction.overall,
            target: t.satisfaction,
            verdict: Verdict::of(f.satisfaction.overall, t.satisfaction),
        }))
        .collect()
}

/// The departments whose satisfaction (over valid complaints' callbacks) is below the
/// satisfaction line; departments with no callback counted are not judged.
pub fn failing_departments(f: &Figures, t: &Targets) -> Vec<FailingDepartment> {
    f.departments
        .iter()
        .filter(|d| Verdict::of(d.satisfaction, t.satisfaction) == Verdict::Failing)
        .map(|d| FailingDepartment {
            name: d.name.clone(),
            satisfaction: d.satisfaction,
        })
        .collect()
}

/// Checks targets an administrator typed: every value 0–100, each line at most its
/// target, every deadline once. Field names are `targets.satisfaction` and
/// `targets.<deadline code>`.
pub fn check_input(t: &Targets) -> Result<(), Vec<crate::validation::FieldError>> {
    let mut c = crate::validation::Checker::new();
    let mut one = |field: String, v: Target| {
        let ok = |x: f64| x.is_finite() && (0.0..=100.0).contains(&x);
        if !ok(v.target) || !ok(v.line) {
            c.fail(&field, "须在 0 到 100 之间", "must be between 0 and 100");
        } else if v.line > v.target {
            c.fail(
                &field,
                "的不合格线不能高于目标值",
                "line cannot be above its target",
            );
        }
    };
    one("targets.satisfaction".into(), t.satisfaction);
    for k in &t.on_time {
        one(format!("targets.{}", k.kind.code()), k.target);
    }
    let mut seen = std::collections::HashSet::new();
    if t.on_time.iter().any(|k| !seen.insert(k.kind)) || t.on_time.len() > KINDS.len() {
        c.fail("targets", "重复", "repeat a deadline");
    }
    c.finish()
}
