//! Applying the Entra ID default user mapping to 10,000 source users: the
//! lookup and POST each would cause, every body validated. `apply` checks
//! and compiles the configuration per user; `apply_many` does it once.
//! Run with `cargo bench -p scimkit --bench mapping`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scimkit::mapping::{
    ApplyOptions, IdentityProvider, ObjectType, Operation, apply, apply_many, presets,
};
use scimkit::schema::Registry;
use serde_json::Value;

/// `n` distinct Entra ID users shaped like the preset's sample user.
fn source_users(n: usize) -> Vec<Value> {
    let sample = presets::sample_value(IdentityProvider::Entra, ObjectType::User);
    (0..n)
        .map(|i| {
            let mut user = sample.clone();
            if let Some(object) = user.as_object_mut() {
                object.insert(
                    "objectId".into(),
                    format!("5f2e1c3a-7b44-4d1e-9c6a-{i:012}").into(),
                );
                object.insert(
                    "userPrincipalName".into(),
                    format!("user{i}@contoso.onmicrosoft.com").into(),
                );
                object.insert("mail".into(), format!("user{i}@contoso.com").into());
                object.insert("mailNickname".into(), format!("user{i}").into());
                object.insert("displayName".into(), format!("User {i}").into());
                object.insert("employeeId".into(), i.to_string().into());
                object.insert("accountEnabled".into(), (i % 7 != 0).into());
            }
            user
        })
        .collect()
}

fn entra_default_mapping(c: &mut Criterion) {
    let config = presets::for_provider(IdentityProvider::Entra).config();
    let registry = Registry::builtin();
    let options = ApplyOptions::new(Operation::Create).with_registry(&registry);
    let users = source_users(10_000);
    // Measure the path admins care about: every user maps to valid requests.
    let valid = users
        .iter()
        .filter(|u| apply(&config, u, &options).valid)
        .count();
    assert_eq!(
        valid,
        users.len(),
        "the preset must map every sample user validly"
    );
    let mut group = c.benchmark_group("mapping/entra-default-10k-users");
    group.sample_size(10);
    group.throughput(Throughput::Elements(users.len() as u64));
    group.bench_function("apply (create)", |b| {
        b.iter(|| {
            let valid = users
                .iter()
                .filter(|user| apply(&config, black_box(user), &options).valid)
                .count();
            black_box(valid)
        })
    });
    // The configuration checked and compiled once for the whole directory.
    group.bench_function("apply_many (create)", |b| {
        b.iter(|| {
            let valid = apply_many(&config, black_box(&users), &options)
                .iter()
                .filter(|r| r.valid)
                .count();
            black_box(valid)
        })
    });
    group.finish();
}

criterion_group!(benches, entra_default_mapping);
criterion_main!(benches);
