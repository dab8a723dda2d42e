//! The canonical printer: lowercase operators, JSON string escapes, and only
//! the parentheses the structure needs. Its output parses back to the same tree.

use super::ast::{CompValue, Filter, Path};

/// Prints a filter canonically.
pub fn filter(f: &Filter) -> String {
    let mut out = String::new();
    write_filter(&mut out, f);
    out
}

/// Prints a PATCH path or mapping target canonically.
pub fn path(p: &Path) -> String {
    let mut out = p.attribute.to_string();
    if let Some(f) = &p.filter {
        out.push('[');
        write_filter(&mut out, f);
        out.push(']');
    }
    if let Some(sub) = &p.sub_attr {
        out.push('.');
        out.push_str(sub);
    }
    out
}

/// Prints a comparison value as it is written in a filter.
pub fn comp_value(v: &CompValue) -> String {
    match v {
        CompValue::Null => "null".to_string(),
        CompValue::Bool(b) => b.to_string(),
        CompValue::Number(n) => n.to_string(),
        CompValue::String(s) => serde_json::Value::String(s.clone()).to_string(),
    }
}

/// Binding strength: `or` 1, `and` 2, everything else 3.
fn precedence(f: &Filter) -> u8 {
    match f {
        Filter::Or { .. } => 1,
        Filter::And { .. } => 2,
        _ => 3,
    }
}

fn write_operand(out: &mut String, f: &Filter, min: u8) {
    if precedence(f) < min {
        out.push('(');
        write_filter(out, f);
        out.push(')');
    } else {
        write_filter(out, f);
    }
}

fn write_filter(out: &mut String, f: &Filter) {
    match f {
        Filter::Present { attribute, .. } => {
            out.push_str(&attribute.to_string());
            out.push_str(" pr");
        }
        Filter::Compare {
            attribute,
            op,
            value,
            ..
        } => {
            out.push_str(&attribute.to_string());
            out.push(' ');
            out.push_str(op.as_str());
            out.push(' ');
            out.push_str(&comp_value(value));
        }
        Filter::Not { filter, .. } => {
            out.push_str("not (");
            write_filter(out, filter);
            out.push(')');
        }
        // Left-associative: a right operand of the same operator needs parentheses
        // to print back to the same tree.
        Filter::And { left, right } => {
            write_operand(out, left, 2);
            out.push_str(" and ");
            write_operand(out, right, 3);
        }
        Filter::Or { left, right } => {
            write_operand(out, left, 1);
            out.push_str(" or ");
            write_operand(out, right, 2);
        }
        Filter::ValuePath {
            attribute, filter, ..
        } => {
            out.push_str(&attribute.to_string());
            out.push('[');
            write_filter(out, filter);
            out.push(']');
        }
    }
}

impl std::fmt::Display for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&filter(self))
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&path(self))
    }
}
