//! Benchmark inputs: realistic identity-provider payloads, generated at the
//! sizes the targets name (a 100,000-member Group is about 10 MB).
#![allow(dead_code)]

use std::fmt::Write as _;

/// The Entra ID create-user body of the examples folder.
pub fn entra_create_user() -> String {
    include_str!("../../examples/payloads/entra-create-user.json").to_string()
}

/// A Group response with `n` members.
pub fn group_with_members(n: usize) -> String {
    let mut s = String::from(
        r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"e9e30dba-f08f-4109-8486-d5c6a331660a","displayName":"All staff","members":["#,
    );
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            r#"{{"value":"2819c223-7f76-453a-919d-{i:012}","display":"User {i}","type":"User"}}"#
        );
    }
    s.push_str(r#"],"meta":{"resourceType":"Group","created":"2010-01-23T04:56:22Z","lastModified":"2011-05-13T04:42:34Z","location":"https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a"}}"#);
    s
}

/// One user resource as a service provider returns it.
pub fn user(i: usize) -> String {
    format!(
        r#"{{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"id":"2819c223-7f76-453a-919d-{i:012}","externalId":"ext-{i}","userName":"user{i}@example.com","name":{{"givenName":"Given{i}","familyName":"Family{i}","formatted":"Given{i} Family{i}"}},"displayName":"Given{i} Family{i}","active":{active},"emails":[{{"value":"user{i}@example.com","type":"work","primary":true}},{{"value":"user{i}@home.example.org","type":"home"}}],"phoneNumbers":[{{"value":"+1 555 {p:04}","type":"work"}}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{{"employeeNumber":"{i}","department":"Dept {d}","manager":{{"value":"2819c223-7f76-453a-919d-{m:012}"}}}},"meta":{{"resourceType":"User","created":"2010-01-23T04:56:22Z","lastModified":"2011-05-13T04:42:34Z"}}}}"#,
        active = i % 7 != 0,
        p = i % 10_000,
        d = i % 17,
        m = i / 10,
    )
}

/// A ListResponse of `n` users.
pub fn list_of_users(n: usize) -> String {
    let resources: Vec<String> = (0..n).map(user).collect();
    format!(
        r#"{{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":{n},"itemsPerPage":{n},"startIndex":1,"Resources":[{}]}}"#,
        resources.join(",")
    )
}
