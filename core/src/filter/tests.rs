//! Parser and printer tests; RFC examples and behaviour cases live as data in
//! `tests/data/filters/`.

use super::*;
use crate::diagnostics::Code;
use crate::dialect::Dialect;
use crate::schema::Registry;
use proptest::prelude::*;
use serde_json::json;

fn error(text: &str) -> crate::Diagnostic {
    match parse_filter(text) {
        Ok(f) => panic!("{text:?} parsed as {f:?}"),
        Err(mut d) => d.remove(0),
    }
}

#[test]
fn precedence_and_associativity() {
    let f = parse_filter("a pr or b pr and c pr or d pr").unwrap();
    assert_eq!(print::filter(&f), "a pr or b pr and c pr or d pr");
    let Filter::Or { left, .. } = &f else {
        panic!()
    };
    assert!(
        matches!(**left, Filter::Or { .. }),
        "or is left-associative"
    );
    let g = parse_filter("a pr and (b pr or c pr)").unwrap();
    assert_eq!(print::filter(&g), "a pr and (b pr or c pr)");
    let h = parse_filter("a pr and (b pr and c pr)").unwrap();
    assert_eq!(print::filter(&h), "a pr and (b pr and c pr)");
}

#[test]
fn attribute_paths() {
    let f = parse_filter(
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"x\"",
    )
    .unwrap();
    let Filter::Compare { attribute, .. } = f else {
        panic!()
    };
    assert_eq!(
        attribute.uri.as_deref(),
        Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
    );
    assert_eq!(attribute.name, "manager");
    assert_eq!(attribute.sub_attr.as_deref(), Some("value"));
    let p = parse_path("emails[type eq \"work\"].value").unwrap();
    assert_eq!(p.attribute.name, "emails");
    assert_eq!(p.sub_attr.as_deref(), Some("value"));
    assert_eq!(print::path(&p), "emails[type eq \"work\"].value");
    assert_eq!(
        parse_attr_path("name.givenName")
            .unwrap()
            .sub_attr
            .as_deref(),
        Some("givenName")
    );
}

#[test]
fn values_and_case_insensitive_keywords() {
    let f = parse_filter("meta.lastModified GT \"2011-05-13T04:42:34Z\" AND active Eq TRUE Or x eq null or n le -1.5e3").unwrap();
    assert_eq!(
        print::filter(&f),
        "meta.lastModified gt \"2011-05-13T04:42:34Z\" and active eq true or x eq null or n le -1500.0"
    );
    assert_eq!(
        print::filter(&parse_filter(r#"a eq "tab\tquote\"\u00e9""#).unwrap()),
        "a eq \"tab\\tquote\\\"é\""
    );
}

#[test]
fn positioned_errors() {
    let cases: &[(&str, usize, usize, &str)] = &[
        ("userName = \"x\"", 9, 10, "expected a comparison operator"),
        ("userName eq bjensen", 12, 19, "expected a value"),
        ("title pr \"x\"", 9, 12, "`pr` takes no value"),
        ("(a pr", 5, 5, "missing `)`"),
        ("a pr)", 4, 5, "unexpected `)`"),
        ("userName eq \"abc", 12, 16, "never closed"),
        ("emails[type eq \"work\"", 21, 21, "missing `]`"),
        ("emails[type[value pr] pr]", 11, 12, "cannot be nested"),
        ("not a pr", 4, 5, "expected `(` after `not`"),
        ("", 0, 0, "empty"),
        ("a pr b pr", 5, 6, "expected `and`, `or`"),
        ("\"userName\" eq \"x\"", 0, 10, "not quoted"),
        ("name.given.x eq 1", 0, 12, "at most one sub-attribute"),
        ("a eq 'x'", 5, 6, "expected a value"),
    ];
    for (text, start, end, needle) in cases {
        let d = error(text);
        assert_eq!(d.code, Code::FilterSyntax, "{text}");
        let span = d.span.unwrap();
        let shown = format!("{text:?}: {} {:?}", d.message, (span.start, span.end));
        assert!(
            d.message.contains(needle) || d.help.as_deref().unwrap_or("").contains(needle),
            "{shown}"
        );
        assert_eq!((span.start, span.end), (*start, *end), "{shown}");
    }
}

#[test]
fn reports_several_errors() {
    let errors = parse_filter("a = 1 and b eq and c pr").unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:#?}");
}

#[test]
fn deep_nesting_is_a_diagnostic() {
    let deep = "(".repeat(10_000) + "a pr" + &")".repeat(10_000);
    let errors = parse_filter(&deep).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, Code::LimitFilterDepth);
    let nots = "not (".repeat(5_000) + "a pr" + &")".repeat(5_000);
    assert_eq!(
        parse_filter(&nots).unwrap_err()[0].code,
        Code::LimitFilterDepth
    );
    let ok = "(".repeat(crate::limits::MAX_FILTER_DEPTH)
        + "a pr"
        + &")".repeat(crate::limits::MAX_FILTER_DEPTH);
    assert!(parse_filter(&ok).is_ok());
    let long = "a".repeat(crate::limits::MAX_FILTER_BYTES + 1);
    assert_eq!(
        parse_filter(&long).unwrap_err()[0].code,
        Code::LimitFilterLength
    );
}

#[test]
fn entra_value_path_form() {
    let text = "emails[type eq \"work\"].value eq \"ada@example.com\"";
    let strict = parse_filter(text).unwrap_err();
    assert_eq!(
        strict[0].help.as_deref(),
        Some("write emails[type eq \"work\" and value eq \"ada@example.com\"]")
    );
    let entra = parse_filter_with(text, Dialect::Entra);
    assert_eq!(entra.diagnostics.len(), 1);
    assert_eq!(entra.diagnostics[0].code, Code::QuirkFilterValuePath);
    let f = entra.value.unwrap();
    assert_eq!(
        print::filter(&f),
        "emails[type eq \"work\" and value eq \"ada@example.com\"]"
    );
}

#[test]
fn ast_serializes_to_json_and_back() {
    let f =
        parse_filter("emails[type eq \"work\" and not (value ew \".org\")] or userName sw \"J\"")
            .unwrap();
    let json = serde_json::to_value(&f).unwrap();
    assert_eq!(json["type"], "or");
    assert_eq!(json["left"]["type"], "valuePath");
    assert_eq!(json["left"]["attribute"], "emails");
    assert_eq!(json["right"]["op"], "sw");
    let back: Filter = serde_json::from_value(json).unwrap();
    assert_eq!(back, f);
}

fn arb_attr() -> impl Strategy<Value = AttrPath> {
    let name = "[a-zA-Z][a-zA-Z0-9_-]{0,8}";
    (
        prop::option::of(prop::sample::select(vec![
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        ])),
        name,
        prop::option::of(name),
    )
        .prop_filter("keywords are not attribute names", |(_, n, _)| {
            !["and", "or", "not", "pr"].contains(&n.to_ascii_lowercase().as_str())
        })
        .prop_map(|(uri, name, sub)| AttrPath {
            uri: uri.map(str::to_string),
            name,
            sub_attr: sub,
            loc: Loc::default(),
        })
}

fn arb_value() -> impl Strategy<Value = CompValue> {
    prop_oneof![
        Just(CompValue::Null),
        any::<bool>().prop_map(CompValue::Bool),
        any::<i64>().prop_map(|i| CompValue::Number(i.into())),
        (-1.0e12f64..1.0e12).prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(CompValue::Number)),
        any::<String>().prop_map(CompValue::String),
    ]
}

fn arb_simple() -> impl Strategy<Value = Filter> {
    prop_oneof![
        arb_attr().prop_map(|attribute| Filter::Present {
            attribute,
            loc: Loc::default()
        }),
        (
            arb_attr(),
            prop::sample::select(CompareOp::ALL.to_vec()),
            arb_value()
        )
            .prop_map(|(a, op, v)| Filter::compare(a, op, v)),
    ]
}

fn arb_filter() -> impl Strategy<Value = Filter> {
    arb_simple().prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(l, r)| Filter::And {
                left: Box::new(l),
                right: Box::new(r)
            }),
            (inner.clone(), inner.clone()).prop_map(|(l, r)| Filter::Or {
                left: Box::new(l),
                right: Box::new(r)
            }),
            inner.clone().prop_map(|f| Filter::Not {
                filter: Box::new(f),
                loc: Loc::default()
            }),
        ]
    })
}

fn arb_top() -> impl Strategy<Value = Filter> {
    prop_oneof![
        arb_filter(),
        (
            arb_attr().prop_map(|mut a| {
                a.sub_attr = None;
                a
            }),
            arb_filter()
        )
            .prop_map(|(attribute, f)| {
                Filter::ValuePath {
                    attribute,
                    filter: Box::new(f),
                    loc: Loc::default(),
                }
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn printed_filters_parse_back_to_the_same_tree(f in arb_top()) {
        let printed = print::filter(&f);
        let parsed = parse_filter(&printed);
        prop_assert_eq!(parsed.as_ref().ok(), Some(&f), "printed: {}", printed);
    }

    #[test]
    fn parsing_arbitrary_text_never_panics(text in ".{0,200}") {
        let _ = parse_filter(&text);
        let _ = parse_path(&text);
    }
}

#[test]
fn long_chains_give_their_span_and_operands_without_recursion() {
    let text = vec!["a pr"; 7_000].join(" and ");
    assert!(text.len() <= crate::limits::MAX_FILTER_BYTES);
    let filter = parse_filter(&text).unwrap();
    let loc = filter.loc();
    assert_eq!((loc.start, loc.end), (0, text.len()));
    let operands = filter.operands();
    assert_eq!(operands.len(), 7_000);
    let last = operands[6_999].loc();
    assert_eq!((last.start, last.end), (text.len() - 4, text.len()));
    // `or` inside an `and` chain is one operand; a leaf is its own.
    let mixed = parse_filter("a pr and (b pr or c pr) and d pr").unwrap();
    assert_eq!(mixed.operands().len(), 3);
    let leaf = parse_filter("a pr").unwrap();
    assert_eq!(leaf.operands().len(), 1);
}

#[test]
fn resources_in_lists_what_a_document_holds() {
    let names = |text: &str| {
        let root = crate::json::parse(text).unwrap();
        let (list, single) = super::resources_in(&root);
        let ids: Vec<String> = list
            .iter()
            .map(|n| {
                n.get_ignore_case("id")
                    .and_then(|i| i.as_str())
                    .unwrap_or_default()
                    .into_owned()
            })
            .collect();
        (ids, single)
    };
    let list = r#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 2, "resources": [{"id": "a"}, {"id": "b"}]}"#;
    assert_eq!(names(list), (vec!["a".into(), "b".into()], false));
    assert_eq!(
        names(r#"[{"id": "a"}, {"id": "b"}]"#),
        (vec!["a".into(), "b".into()], false)
    );
    assert_eq!(names(r#"{"id": "a"}"#), (vec!["a".into()], true));
    // Without the ListResponse URN, an object is one resource, whatever its members.
    assert_eq!(
        names(r#"{"id": "x", "Resources": [{"id": "a"}]}"#),
        (vec!["x".into()], true)
    );
}

#[test]
fn evaluation_work_is_counted_per_node_and_element_and_stops_at_the_limit() {
    use super::{Evaluator, Work};
    let registry = Registry::builtin();
    let user = registry.resource_type("User").unwrap();
    let filter = parse_filter(r#"userName eq "x" or emails.value eq "y""#).unwrap();
    let resource =
        json!({"userName": "a", "emails": [{"value": "1"}, {"value": "2"}, {"value": "3"}]});
    // The or node, each operand, and the three emails the second one reads.
    let work = Work::new();
    assert!(
        !Evaluator::new(&registry, user)
            .with_work(&work)
            .matches(&filter, &resource)
    );
    assert_eq!(work.spent(), 6);
    let work = Work::with_limit(5);
    assert!(
        !Evaluator::new(&registry, user)
            .with_work(&work)
            .matches(&filter, &resource)
    );
    assert!(work.exhausted());
}
