//! Checking a PATCH `value` against the target attribute and converting the
//! identity providers' deviations (string booleans, a bare manager id).

use serde_json::{Map, Value};

use super::apply::{Failed, Session};
use super::words;
use crate::datetime::parse_datetime;
use crate::diagnostics::{Code, escape_pointer_token};
use crate::filter::check::describe_type;
use crate::schema::{Attribute, AttributeType, Mutability};
use crate::validate::closest;

impl Session<'_> {
    /// The value for `attr` as a whole: an array for a multi-valued attribute
    /// (a single value is taken as one element: RFC 7644 §3.5.2.1 speaks of
    /// "a new value"), else one value.
    pub(super) fn coerce_attr(
        &mut self,
        attr: &Attribute,
        value: &Value,
        ptr: &str,
    ) -> Result<Value, Failed> {
        if !attr.multi_valued {
            return self.coerce_single(attr, value, ptr);
        }
        match value {
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    out.push(self.coerce_single(attr, item, &format!("{ptr}/{i}"))?);
                }
                Ok(Value::Array(out))
            }
            other => Ok(Value::Array(vec![self.coerce_single(attr, other, ptr)?])),
        }
    }

    /// One value (one element, for a multi-valued attribute) of `attr`.
    pub(super) fn coerce_single(
        &mut self,
        attr: &Attribute,
        value: &Value,
        ptr: &str,
    ) -> Result<Value, Failed> {
        if attr.kind != AttributeType::Complex {
            return self.coerce_simple(attr, value, ptr);
        }
        match value {
            Value::Object(map) => {
                let mut out = Map::new();
                for (key, v) in map {
                    let vptr = format!("{ptr}/{}", escape_pointer_token(key));
                    let Some(sub) = attr.sub_attribute(key) else {
                        let help =
                            closest(key, attr.sub_attributes.iter().map(|s| s.name.as_str()))
                                .map(|s| format!("did you mean `{s}`?"));
                        return Err(self.fail(
                            Code::PatchInvalidValue,
                            vptr,
                            format!(
                                "`{}` has no sub-attribute `{key}` (scimType `invalidValue`)",
                                attr.name
                            ),
                            help,
                        ));
                    };
                    if v.is_null() {
                        // null means unassigned (RFC 7643 §2.5); Entra ID sends `"$ref": null`.
                        continue;
                    }
                    if sub.mutability == Mutability::ReadOnly {
                        return Err(self.fail(
                            Code::PatchMutability,
                            vptr,
                            words::read_only_value(&format!("{}.{}", attr.name, sub.name)),
                            Some(format!("leave `{}` out of the value", sub.name)),
                        ));
                    }
                    let coerced = self.coerce_single(sub, v, &vptr)?;
                    out.insert(sub.name.clone(), coerced);
                }
                Ok(Value::Object(out))
            }
            Value::String(id) if attr.sub_attribute("value").is_some() && !attr.multi_valued => {
                let name = attr.name.clone();
                if self.accepts(Code::QuirkBareReference) {
                    self.quirk(
                        Code::QuirkBareReference,
                        ptr.to_string(),
                        &words::bare_reference(&name, id),
                        words::BARE_REFERENCE_HELP,
                    );
                    let mut out = Map::new();
                    let key = attr
                        .sub_attribute("value")
                        .map_or("value".to_string(), |s| s.name.clone());
                    out.insert(key, Value::String(id.clone()));
                    Ok(Value::Object(out))
                } else {
                    Err(self.fail(
                        Code::PatchInvalidValue,
                        ptr.to_string(),
                        format!(
                            "`{name}` is a complex attribute: expected an object such as {{\"value\": \"{id}\"}}, found a string (scimType `invalidValue`)"
                        ),
                        Some(format!(
                            "Entra ID sends the manager this way; choose the entra dialect to accept it, or send {{\"value\": \"{id}\"}}"
                        )),
                    ))
                }
            }
            other => Err(self.type_error(attr, other, ptr, "an object of sub-attributes")),
        }
    }

    fn coerce_simple(
        &mut self,
        attr: &Attribute,
        value: &Value,
        ptr: &str,
    ) -> Result<Value, Failed> {
        let ok = match (attr.kind, value) {
            (
                AttributeType::String | AttributeType::Reference | AttributeType::Binary,
                Value::String(_),
            )
            | (AttributeType::Boolean, Value::Bool(_))
            | (AttributeType::Decimal, Value::Number(_)) => true,
            (AttributeType::Integer, Value::Number(n)) => {
                n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
            }
            (AttributeType::DateTime, Value::String(s)) => match parse_datetime(s) {
                Ok(_) => true,
                Err(e) => {
                    return Err(self.fail(
                        Code::PatchInvalidValue,
                        ptr.to_string(),
                        format!(
                            "`{}` is a dateTime, but \"{s}\" is not an xsd:dateTime: {e} (scimType `invalidValue`)",
                            attr.name
                        ),
                        None,
                    ));
                }
            },
            (AttributeType::Boolean, Value::String(s))
                if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") =>
            {
                let b = s.eq_ignore_ascii_case("true");
                if self.accepts(Code::QuirkStringBoolean) {
                    self.quirk(
                        Code::QuirkStringBoolean,
                        ptr.to_string(),
                        &words::string_boolean(&attr.name, s),
                        words::STRING_BOOLEAN_HELP,
                    );
                    return Ok(Value::Bool(b));
                }
                return Err(self.fail(
                    Code::PatchInvalidValue,
                    ptr.to_string(),
                    format!(
                        "`{}` is a boolean, but the value is the string \"{s}\" (scimType `invalidValue`)",
                        attr.name
                    ),
                    Some(format!(
                        "send {b} without quotes; Entra ID sends \"True\"/\"False\" unless the aadOptscim062020 flag is set (choose the entra dialect to accept it)"
                    )),
                ));
            }
            _ => false,
        };
        if ok {
            Ok(value.clone())
        } else {
            let expected = match attr.kind {
                AttributeType::String | AttributeType::Reference | AttributeType::Binary => {
                    "a string"
                }
                AttributeType::Boolean => "true or false",
                AttributeType::Integer => "a whole number",
                AttributeType::Decimal => "a number",
                AttributeType::DateTime => "an xsd:dateTime string",
                AttributeType::Complex => "an object",
            };
            Err(self.type_error(attr, value, ptr, expected))
        }
    }

    fn type_error(&mut self, attr: &Attribute, value: &Value, ptr: &str, expected: &str) -> Failed {
        let found = match value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        self.fail(
            Code::PatchInvalidValue,
            ptr.to_string(),
            format!(
                "`{}` is {}: expected {expected}, found {found} (scimType `invalidValue`)",
                attr.name,
                describe_type(attr)
            ),
            None,
        )
    }
}
