//! Runs every case under `tests/data/logs/`: an identity provider's log
//! entry (documented examples and entries constructed from the documented
//! formats; each case says which in `provenance`), explained by
//! `scimkit::logs::explain_log`, against what the case expects: format,
//! counts, and per explained event its action, cause, certainty, the
//! status and SCIM Error read from the log, the rebuilt requests, and the
//! fix. Expectations name only what matters.

use scimkit::logs::explain_log;
use scimkit::schema::Registry;
use scimkit_conformance::run_all;
use serde_json::Value;

/// `problems` gets a line when `actual` is not `expected` (when expected).
fn same(problems: &mut Vec<String>, what: &str, expected: &Value, actual: &Value) {
    if !expected.is_null() && expected != actual {
        problems.push(format!("{what}: expected {expected}, got {actual}"));
    }
}

/// `problems` gets a line when `text` lacks `needle` (when there is one).
fn contains(problems: &mut Vec<String>, what: &str, needle: &Value, text: &str) {
    let needles: Vec<&str> = match needle {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    for n in needles {
        if !text.contains(n) {
            problems.push(format!("{what}: expected to contain {n:?}, got {text}"));
        }
    }
}

#[test]
fn logs() {
    let registry = Registry::builtin();
    let n = run_all("logs", |case| {
        assert!(
            case.str("provenance").starts_with("documented")
                || case.str("provenance").starts_with("constructed"),
            "{}: provenance must say documented or constructed",
            case.id
        );
        assert!(
            case.get("sources")
                .as_array()
                .is_some_and(|s| !s.is_empty()),
            "{}: a case names its sources",
            case.id
        );
        let text = match case.get("logText") {
            Value::String(t) => t.clone(),
            _ => serde_json::to_string_pretty(case.get("log")).unwrap(),
        };
        let out = serde_json::to_value(explain_log(&registry, &text)).unwrap();
        let expect = case.get("expect");
        let mut problems = Vec::new();
        same(&mut problems, "format", &expect["format"], &out["format"]);
        same(&mut problems, "events", &expect["events"], &out["events"]);
        for status in ["failure", "warning", "success", "skipped", "unrelated"] {
            same(
                &mut problems,
                status,
                &expect[status],
                &out["statuses"][status],
            );
        }
        same(&mut problems, "causes", &expect["causes"], &out["causes"]);
        if out["report"]["diagnostics"]
            .as_array()
            .is_some_and(|d| !d.is_empty())
        {
            problems.push(format!("unexpected input diagnostics: {}", out["report"]));
        }
        let explained = out["explained"].as_array().cloned().unwrap_or_default();
        let wanted = expect["explained"].as_array().cloned().unwrap_or_default();
        if explained.len() != wanted.len() {
            problems.push(format!(
                "explained {} events, expected {}",
                explained.len(),
                wanted.len()
            ));
        }
        for w in &wanted {
            let Some(e) = explained.iter().find(|e| e["pointer"] == w["pointer"]) else {
                problems.push(format!("no explanation at {}", w["pointer"]));
                continue;
            };
            let at = w["pointer"].as_str().unwrap_or("");
            let mut p = Vec::new();
            same(&mut p, "action", &w["action"], &e["action"]);
            same(&mut p, "object", &w["object"], &e["subject"]["object"]);
            same(&mut p, "cause", &w["cause"], &e["cause"]["code"]);
            same(
                &mut p,
                "certainty",
                &w["certainty"],
                &e["cause"]["certainty"],
            );
            same(
                &mut p,
                "transient",
                &w["transient"],
                &e["cause"]["transient"],
            );
            same(
                &mut p,
                "candidates",
                &w["candidates"],
                &e["cause"]["candidates"],
            );
            same(&mut p, "eventStatus", &w["eventStatus"], &e["status"]);
            same(&mut p, "errorCode", &w["errorCode"], &e["errorCode"]);
            same(&mut p, "status", &w["status"], &e["answer"]["status"]);
            same(&mut p, "scimType", &w["scimType"], &e["answer"]["scimType"]);
            same(&mut p, "detail", &w["detail"], &e["answer"]["detail"]);
            if let Some(want) = w["requests"].as_array() {
                let got: Vec<String> = e["requests"]
                    .as_array()
                    .map(|rs| {
                        rs.iter()
                            .map(|r| {
                                format!(
                                    "{} {}",
                                    r["method"].as_str().unwrap_or(""),
                                    r["url"].as_str().unwrap_or("")
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let want: Vec<String> = want
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect();
                if got != want {
                    p.push(format!("requests: expected {want:?}, got {got:?}"));
                }
            }
            let bodies = e["requests"]
                .as_array()
                .map(|rs| {
                    rs.iter()
                        .map(|r| r["body"].to_string())
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default();
            contains(&mut p, "bodies", &w["bodyContains"], &bodies);
            contains(
                &mut p,
                "evidence",
                &w["evidenceContains"],
                &e["cause"]["evidence"].to_string(),
            );
            contains(
                &mut p,
                "unknown",
                &w["unknownContains"],
                &e["unknown"].to_string(),
            );
            for side in ["identityProvider", "serviceProvider"] {
                contains(
                    &mut p,
                    side,
                    &w["fixContains"][side],
                    e["fix"][side].as_str().unwrap_or(""),
                );
            }
            if let Some(changes) = w["changes"].as_array() {
                for c in changes {
                    let found = e["changes"].as_array().is_some_and(|cs| {
                        cs.iter().any(|x| {
                            x["attribute"] == c["attribute"]
                                && (c["target"].is_null() || x["target"] == c["target"])
                        })
                    });
                    if !found {
                        p.push(format!("changes: no {c} in {}", e["changes"]));
                    }
                }
            }
            // Every explanation is complete: a cause with its why and evidence,
            // a fix for each side, a probe line for the sender.
            for field in ["why", "title"] {
                if e["cause"][field].as_str().is_none_or(str::is_empty) {
                    p.push(format!("cause.{field} is empty"));
                }
            }
            if e["fix"]["serviceProvider"]
                .as_str()
                .is_none_or(str::is_empty)
            {
                p.push("fix.serviceProvider is empty".into());
            }
            if !e["probe"]
                .as_str()
                .is_some_and(|s| s.starts_with("scimkit probe "))
            {
                p.push(format!("probe line: {}", e["probe"]));
            }
            problems.extend(p.into_iter().map(|m| format!("{at}: {m}")));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    });
    assert!(n >= 24, "only {n} log cases");
}
