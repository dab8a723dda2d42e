//! The one table of diagnostic codes.
//!
//! Every diagnostic scimkit emits carries a [`Code`]. Codes are stable: scripts
//! match on them, so a code is never renamed or reused for another meaning. A
//! new check gets a new code in the section of its area. The table renders into
//! the crate documentation and `docs/codes.md` (kept in sync by a test).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Severity;

macro_rules! codes {
    ($(
        $(#[doc = $doc:literal])+
        $variant:ident = $name:literal, $severity:ident, $area:literal;
    )*) => {
        /// A stable diagnostic code. See the module documentation for the table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[doc = $doc])+ $variant, )*
        }

        impl Code {
            /// Every code, in table order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable string form, e.g. `unknown-attribute`.
            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity this code has unless the emitting check says otherwise
            /// (lenient mode, for example, turns some errors into warnings).
            pub const fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// The area of scimkit that emits the code (json, schema, document, …).
            pub const fn area(self) -> &'static str {
                match self { $(Code::$variant => $area,)* }
            }

            /// What the code means, as documented in the table.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => concat!($($doc, "\n"),+).trim_ascii(),)* }
            }

            /// Looks a code up by its string form.
            pub fn from_name(name: &str) -> Option<Code> {
                match name { $($name => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    // ---- json: reading the text ----
    /// The text is not valid JSON; the span points at where it broke.
    JsonSyntax = "json-syntax", Error, "json";
    /// A number is too large to be represented (beyond ±1.8e308).
    JsonNumberOutOfRange = "json-number-out-of-range", Error, "json";
    /// The document is larger than the documented maximum size.
    LimitDocumentSize = "limit-document-size", Error, "limits";
    /// Arrays and objects are nested deeper than the documented maximum.
    LimitNestingDepth = "limit-nesting-depth", Error, "limits";

    // ---- schema: loading schema and resource-type definitions ----
    /// A schema or resource-type definition is malformed (missing `id`, `name`, wrong field type, …).
    SchemaInvalid = "schema-invalid", Error, "schema";
    /// An attribute definition names a `type` that RFC 7643 §2.3 does not define.
    SchemaUnknownType = "schema-unknown-type", Error, "schema";
    /// `subAttributes` appear on an attribute whose type is not `complex`.
    SchemaSubAttributesNotComplex = "schema-subattributes-not-complex", Error, "schema";
    /// A complex attribute has a complex sub-attribute (RFC 7643 §2.3.8 forbids it).
    SchemaNestedComplex = "schema-nested-complex", Error, "schema";
    /// `canonicalValues` on an attribute that is not of type `string`.
    SchemaCanonicalNotString = "schema-canonical-not-string", Error, "schema";
    /// Two attributes of one schema (or one complex attribute) have names that differ only in case.
    SchemaDuplicateAttribute = "schema-duplicate-attribute", Error, "schema";
    /// Two schemas or resource types share an `id`/`name`; the later one replaces the earlier.
    SchemaDuplicateId = "schema-duplicate-id", Warning, "schema";
    /// A custom schema or resource type has the `id`/`name` of a built-in one (such as the core
    /// User schema); the custom definition replaces the built-in for the rest of the run.
    SchemaReplacesBuiltin = "schema-replaces-builtin", Warning, "schema";
    /// A characteristic has a value RFC 7643 §7 does not allow (mutability, returned, uniqueness, …).
    SchemaInvalidCharacteristic = "schema-invalid-characteristic", Error, "schema";
    /// A published schema repeats a definition RFC 7643 printed with a known
    /// erratum (Group.members without `display`, erratum 6011); scimkit reads
    /// it as corrected.
    SchemaRfcErratum = "schema-rfc-erratum", Warning, "schema";
    /// A resource type refers to a schema that is not loaded.
    ResourceTypeUnknownSchema = "resource-type-unknown-schema", Error, "schema";

    // ---- document: resources ----
    /// `schemas` is absent, not an array of strings, or empty.
    SchemasMissing = "schemas-missing", Error, "document";
    /// `schemas` lists a URI that no loaded schema defines.
    SchemasUnknownUri = "schemas-unknown-uri", Error, "document";
    /// `schemas` lacks the core schema of the resource type.
    SchemasMissingCore = "schemas-missing-core", Error, "document";
    /// Data for an extension is present but its URI is not in `schemas`.
    SchemasMissingExtension = "schemas-missing-extension", Error, "document";
    /// `schemas` lists an extension whose data is absent.
    SchemasUnusedExtension = "schemas-unused-extension", Warning, "document";
    /// `schemas` lists a known schema that this resource type does not use.
    SchemasNotAllowed = "schemas-not-allowed", Error, "document";
    /// The resource type cannot be determined or is not known.
    UnknownResourceType = "unknown-resource-type", Error, "document";
    /// An attribute that the schemas do not define (a warning in lenient mode).
    UnknownAttribute = "unknown-attribute", Error, "document";
    /// Two keys of one object name the same attribute (exactly, or differing only in case).
    DuplicateAttribute = "duplicate-attribute", Error, "document";
    /// A value has the wrong JSON type for its attribute (a number where a string is expected, …).
    InvalidType = "invalid-type", Error, "document";
    /// A number is given for an `integer` attribute but has a fraction, an exponent or is out of range.
    InvalidInteger = "invalid-integer", Error, "document";
    /// A `dateTime` value is not an xsd:dateTime / RFC 3339 timestamp.
    InvalidDateTime = "invalid-datetime", Error, "document";
    /// A `binary` value is not base64.
    InvalidBinary = "invalid-binary", Error, "document";
    /// A `reference` value is not a URI, or does not fit the attribute's `referenceTypes`.
    InvalidReference = "invalid-reference", Error, "document";
    /// A single value where the attribute is multi-valued (an array is expected).
    ExpectedArray = "expected-array", Error, "document";
    /// An array where the attribute is single-valued.
    ExpectedSingleValue = "expected-single-value", Error, "document";
    /// A required attribute is absent or null.
    MissingRequired = "missing-required", Error, "document";
    /// A readOnly attribute in a request; the service provider ignores it.
    ReadOnlyInRequest = "read-only-in-request", Warning, "document";
    /// A writeOnly or `returned: never` attribute (such as `password`) in a response.
    NeverReturned = "never-returned", Error, "document";
    /// More than one element of a multi-valued attribute has `primary: true`.
    MultiplePrimary = "multiple-primary", Error, "document";
    /// A value outside the attribute's `canonicalValues`.
    NonCanonicalValue = "non-canonical-value", Warning, "document";
    /// A Group member entry is malformed (no `value`, unknown `type`, …).
    InvalidMember = "invalid-member", Error, "document";
    /// `meta.resourceType` does not match the resource type being validated.
    MetaResourceTypeMismatch = "meta-resource-type-mismatch", Error, "document";
    /// The document is not a JSON object where one is expected.
    ExpectedObject = "expected-object", Error, "document";
    /// The context asked for does not fit the document (`--context response` on a ListResponse,
    /// …); the message names the context that fits.
    ContextMismatch = "context-mismatch", Error, "document";
    /// An attribute name differs in letter case from its schema (`UserName`); RFC 7643 §2.1 makes
    /// names case-insensitive, so it is accepted, but some service providers match them exactly.
    AttributeNameCase = "attribute-name-case", Info, "document";

    // ---- message: RFC 7644 envelopes ----
    /// `totalResults`, `itemsPerPage`, `startIndex` or `Resources` of a ListResponse disagree.
    ListInconsistent = "list-inconsistent", Error, "message";
    /// A SearchRequest field is invalid (`sortOrder`, `count`, `startIndex`, attribute lists).
    SearchInvalid = "search-invalid", Error, "message";
    /// A BulkRequest operation is malformed (method, path, bulkId, data, version).
    BulkInvalidOperation = "bulk-invalid-operation", Error, "message";
    /// An Error response's `status` is not an HTTP error status, or `scimType` is not one of RFC 7644 §3.12.
    ErrorInvalid = "error-invalid", Error, "message";
    /// A PatchOp body has no operations.
    PatchNoOperations = "patch-no-operations", Error, "message";
    /// A PATCH `op` that is not add, remove or replace.
    PatchInvalidOp = "patch-invalid-op", Error, "patch";
    /// A PATCH add or replace without `value`.
    PatchMissingValue = "patch-missing-value", Error, "patch";
    /// A PATCH `path` that does not parse or names no attribute (scimType `invalidPath`).
    PatchInvalidPath = "patch-invalid-path", Error, "patch";
    /// A PATCH path filter matched nothing where a match is required (scimType `noTarget`).
    PatchNoTarget = "patch-no-target", Error, "patch";
    /// A PATCH value that does not fit the target attribute (scimType `invalidValue`).
    PatchInvalidValue = "patch-invalid-value", Error, "patch";
    /// A PATCH operation targets a readOnly or immutable attribute (scimType `mutability`).
    PatchMutability = "patch-mutability", Error, "patch";
    /// A PATCH remove of a required attribute.
    PatchRemoveRequired = "patch-remove-required", Error, "patch";
    /// A live server's resource after a PATCH is not what RFC 7644 §3.5.2 gives for the same
    /// operations on the resource as the server held it before (found by `scimkit probe`).
    PatchResultDiffers = "patch-result-differs", Error, "patch";

    // ---- filter ----
    /// The filter or attribute path does not parse; the span marks the offending token.
    FilterSyntax = "filter-syntax", Error, "filter";
    /// The filter names an attribute the resource type does not have.
    FilterUnknownAttribute = "filter-unknown-attribute", Error, "filter";
    /// An operator that the attribute's type does not support (ordering on boolean, binary or complex).
    FilterInvalidOperator = "filter-invalid-operator", Error, "filter";
    /// A comparison on a complex attribute without naming a sub-attribute.
    FilterComplexComparison = "filter-complex-comparison", Error, "filter";
    /// A comparison value of the wrong type for the attribute (a string for a boolean, …).
    FilterValueType = "filter-value-type", Error, "filter";
    /// A filter is longer than the documented maximum.
    LimitFilterLength = "limit-filter-length", Error, "limits";
    /// A filter nests parentheses, `not` or brackets deeper than the documented maximum.
    LimitFilterDepth = "limit-filter-depth", Error, "limits";
    /// Evaluating a filter over the given resources needs more comparisons than the documented
    /// maximum; the resources after the limit are not evaluated.
    LimitFilterWork = "limit-filter-work", Error, "limits";
    /// The filter was copied with what surrounds it (a request line, a URL, a query string) or
    /// URL-encoded; the filter inside was decoded and checked.
    FilterDecoded = "filter-decoded", Info, "filter";

    // ---- identity-provider quirks (dialects) ----
    // Each is a deviation from RFC 7643/7644 that an identity provider is known
    // to send. The strict dialect reports the RFC violation with its own code;
    // the `entra`/`okta` dialects accept it with one of these warnings. The
    // catalog in `core/src/quirks.json` says who sends it and what to do.
    /// PATCH `op` capitalised (`Replace`): Entra ID without the aadOptscim062020 flag.
    QuirkOpCase = "quirk-op-case", Warning, "dialect";
    /// A boolean sent as the string "True"/"False": Entra ID PATCH without the flag.
    QuirkStringBoolean = "quirk-string-boolean", Warning, "dialect";
    /// A path-less add/replace whose `value` keys are attribute paths (`name.givenName`, URN paths): Entra ID with the flag.
    QuirkPathKeys = "quirk-path-keys", Warning, "dialect";
    /// `remove` of `members` with a `value` list instead of a filter: Entra ID without the flag.
    QuirkMembersRemoveValue = "quirk-members-remove-value", Warning, "dialect";
    /// A complex reference (the enterprise `manager`) sent as a bare id string: Entra ID.
    QuirkBareReference = "quirk-bare-reference", Warning, "dialect";
    /// The filter form `emails[type eq "work"].value eq "x"`, outside the RFC grammar: Entra ID.
    QuirkFilterValuePath = "quirk-filter-value-path", Warning, "dialect";
    /// An add/replace whose value filter matches nothing, expecting the element to be created: Entra ID.
    QuirkValueFilterNoMatch = "quirk-value-filter-no-match", Warning, "dialect";
    /// A readOnly attribute (`id`) inside a PATCH value: Okta's group rename.
    QuirkReadOnlyInValue = "quirk-read-only-in-value", Warning, "dialect";
    /// Custom extension data whose URN is not listed in `schemas`: Entra ID.
    QuirkExtensionNotListed = "quirk-extension-not-listed", Warning, "dialect";

    // ---- profiles ----
    /// A service-provider profile definition is malformed.
    ProfileInvalid = "profile-invalid", Error, "profile";
    /// A value does not match the pattern the service provider requires.
    ProfilePattern = "profile-pattern", Error, "profile";
    /// An attribute the service provider requires beyond the RFC is absent.
    ProfileMissingRequired = "profile-missing-required", Error, "profile";
    /// The request uses a feature the service provider does not support (PATCH, filters, bulk, sorting, …).
    ProfileUnsupported = "profile-unsupported", Error, "profile";

    // ---- mapping ----
    /// The mapping configuration is malformed.
    MappingInvalid = "mapping-invalid", Error, "mapping";
    /// A mapping targets an attribute the service provider does not have.
    MappingUnknownTarget = "mapping-unknown-target", Error, "mapping";
    /// A mapping targets a readOnly attribute.
    MappingReadOnlyTarget = "mapping-read-only-target", Error, "mapping";
    /// The mapped value's type does not fit the target attribute.
    MappingTypeMismatch = "mapping-type-mismatch", Error, "mapping";
    /// A multi-valued target without a value filter (`emails` instead of `emails[type eq "work"].value`).
    MappingMultiValuedTarget = "mapping-multi-valued-target", Error, "mapping";
    /// Two mappings write the same target.
    MappingDuplicateTarget = "mapping-duplicate-target", Error, "mapping";
    /// A required target (such as `userName`) is not mapped.
    MappingRequiredUnmapped = "mapping-required-unmapped", Error, "mapping";
    /// The matching attribute is missing, not filterable or not unique at the service provider.
    MappingMatching = "mapping-matching", Warning, "mapping";
    /// A source attribute the identity provider's user object does not define.
    MappingUnknownSource = "mapping-unknown-source", Warning, "mapping";
    /// A function the identity provider does not support in this kind of mapping.
    MappingUnsupportedFunction = "mapping-unsupported-function", Error, "mapping";
    /// A mapped source attribute is empty for the sample user, so the target is not sent.
    MappingEmptySource = "mapping-empty-source", Info, "mapping";
    /// The mapping produces values a rule of the service provider's profile rejects (userName
    /// from userPrincipalName where the profile requires an e-mail prefix); `help` says what to
    /// change in the identity provider's console.
    MappingProfileConflict = "mapping-profile-conflict", Error, "mapping";

    // ---- expressions (Entra ID and Okta) ----
    /// The expression does not parse; the span marks the offending token.
    ExprSyntax = "expr-syntax", Error, "expression";
    /// A function name the expression language does not define.
    ExprUnknownFunction = "expr-unknown-function", Error, "expression";
    /// A function called with the wrong number of arguments.
    ExprArity = "expr-arity", Error, "expression";
    /// An argument of the wrong type (a number where a string is expected, …).
    ExprArgumentType = "expr-argument-type", Error, "expression";
    /// Evaluation failed for this input (an unparsable date, an invalid regex, …).
    ExprEvaluation = "expr-evaluation", Error, "expression";
    /// A construct the identity provider supports but scimkit cannot evaluate from a user
    /// object alone (Okta `appuser.`/`org.` references, group and manager functions, …).
    ExprUnsupported = "expr-unsupported", Error, "expression";
    /// An expression nests deeper or is longer than the documented maximum.
    LimitExpression = "limit-expression", Error, "limits";
    /// An expression produces a value, or all its steps together produce more text, than the
    /// documented maximum (nested Replace or Join multiply the output per level).
    LimitExpressionOutput = "limit-expression-output", Error, "limits";

    // ---- provisioning logs ----
    /// The input is not an identity provider's provisioning log scimkit reads (or one event of it is not).
    LogUnrecognized = "log-unrecognized", Error, "logs";
    /// A provisioning log has more failed events than are explained in full; the rest are counted by cause.
    LimitLogEvents = "limit-log-events", Warning, "limits";

    // ---- raw HTTP requests pasted as a payload ----
    /// The text was read as a raw HTTP request: its method and path chose the context and
    /// resource type, and its body was checked.
    HttpRequest = "http-request", Info, "http";
    /// The request's `Content-Type` is not `application/scim+json` or `application/json`.
    HttpContentType = "http-content-type", Info, "http";
    /// The request holds an `Authorization` header: a secret was pasted (it is masked).
    HttpAuthorization = "http-authorization", Warning, "http";

    // ---- batch checks (ListResponse, BulkRequest) ----
    /// Two resources in one batch share a `userName`, `externalId` or `id`.
    BatchDuplicate = "batch-duplicate", Error, "batch";
    /// A Group member points at an id that is not in the batch.
    BatchUnresolvedMember = "batch-unresolved-member", Info, "batch";
    /// A `bulkId:` reference that no operation defines.
    BulkIdUnresolved = "bulk-id-unresolved", Error, "batch";
    /// `bulkId:` references that form a cycle (RFC 7644 §3.7.1).
    BulkIdCircular = "bulk-id-circular", Error, "batch";
    /// More PATCH or bulk operations than the documented maximum.
    LimitOperations = "limit-operations", Error, "limits";
    /// A live server's answer is larger than `scimkit probe` reads; it was judged as far as read.
    LimitResponseSize = "limit-response-size", Warning, "limits";
    /// The report reached its cap on diagnostics; this last one says how many more there were.
    LimitDiagnostics = "limit-diagnostics", Warning, "limits";
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Code::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown diagnostic code `{name}`")))
    }
}

impl Code {
    /// What an identity admin (or, where the fix is theirs, the service
    /// provider's developers) does about it, in general; a diagnostic's own
    /// `help`, when it has one, is more specific. Every code has one (the
    /// match has no default arm; a test checks the text).
    pub const fn fix(self) -> &'static str {
        match self {
            Code::JsonSyntax => {
                "Fix the JSON at the line and column shown: a missing comma, quote or bracket, or text that is not JSON at all. Copy the body again from the log or request, in full."
            }
            Code::JsonNumberOutOfRange => {
                "Send the number as a string, or fix the source value that produced it."
            }
            Code::LimitDocumentSize => {
                "Split the document (fewer resources or members per request)."
            }
            Code::LimitNestingDepth => {
                "Nothing sends JSON this deep: check that the right text was pasted."
            }
            Code::SchemaInvalid => {
                "Correct the schema or resource-type definition as the message says (ask the service provider for its /Schemas and /ResourceTypes)."
            }
            Code::SchemaUnknownType => {
                "Use one of the RFC types: string, boolean, decimal, integer, dateTime, binary, reference, complex."
            }
            Code::SchemaSubAttributesNotComplex => {
                "Make the attribute's type complex, or remove its subAttributes."
            }
            Code::SchemaNestedComplex => {
                "Flatten the definition: a complex attribute's sub-attributes cannot be complex."
            }
            Code::SchemaCanonicalNotString => {
                "Remove canonicalValues, or make the attribute a string."
            }
            Code::SchemaDuplicateAttribute => "Keep one of the two attributes, or rename one.",
            Code::SchemaDuplicateId => "Load each schema once, or give the second its own id.",
            Code::SchemaReplacesBuiltin => {
                "Intended if you load the service provider's own User or Group schema; otherwise give the custom schema its own id."
            }
            Code::SchemaInvalidCharacteristic => {
                "Use a value RFC 7643 §7 allows for that characteristic."
            }
            Code::SchemaRfcErratum => "Nothing to do: the definition is read as corrected.",
            Code::ResourceTypeUnknownSchema => {
                "Load the schema the resource type names, or fix its URI."
            }
            Code::SchemasMissing => {
                "Add `schemas` with the core schema URI; the identity provider's own requests always have it, so check what was pasted."
            }
            Code::SchemasUnknownUri => {
                "Fix the URI, or load the custom schema that defines it (Custom schemas)."
            }
            Code::SchemasMissingCore => {
                "Add the core schema URI (for a User urn:ietf:params:scim:schemas:core:2.0:User) to `schemas`."
            }
            Code::SchemasMissingExtension => {
                "List the extension URI in `schemas`; for your own extension in Entra ID, name the attribute with the full URN in the attribute mapping."
            }
            Code::SchemasUnusedExtension => {
                "Remove the URI from `schemas`, or send the extension's attributes."
            }
            Code::SchemasNotAllowed => {
                "Remove the URI, or check the resource type (User or Group)."
            }
            Code::UnknownResourceType => {
                "Choose the resource type, or add the core schema URI to `schemas`."
            }
            Code::UnknownAttribute => {
                "Remove the attribute or fix its name. If it comes from a mapping, delete or retarget that mapping in Entra ID (Attribute mappings) or Okta (Profile Editor › Mappings); if the service provider supports it, load its schema."
            }
            Code::DuplicateAttribute => {
                "Keep one of the two keys: two mappings in the identity provider probably write the same attribute."
            }
            Code::InvalidType => {
                "Send the value with the type the attribute has: change the mapping's source or expression in the identity provider."
            }
            Code::InvalidInteger => {
                "Send a whole number: round or convert the source value in the mapping."
            }
            Code::InvalidDateTime => {
                "Send an RFC 3339 timestamp such as 2024-05-01T10:00:00Z: convert the source with a date function in the mapping (Entra ID FormatDateTime)."
            }
            Code::InvalidBinary => "Send the value base64-encoded.",
            Code::InvalidReference => {
                "Send a URI: the id or URL of the referenced resource, not a name."
            }
            Code::ExpectedArray => {
                "Wrap the value in [ ] : map it to one element, such as emails[type eq \"work\"].value."
            }
            Code::ExpectedSingleValue => "Send one value, not a list: map a single source value.",
            Code::MissingRequired => {
                "Map a source attribute to it in the identity provider (for userName in Entra ID usually userPrincipalName, in Okta the username), and make sure users have a value."
            }
            Code::ReadOnlyInRequest => {
                "Remove the mapping that writes it (the service provider sets it): in Entra ID delete it under Attribute mappings, in Okta remove it in Profile Editor › Mappings."
            }
            Code::NeverReturned => "The service provider must not return it: a fix on its side.",
            Code::MultiplePrimary => {
                "Only one element may be primary: in Entra ID or Okta keep the Primary flag on one mapping (for example the work e-mail) and remove it from the others."
            }
            Code::NonCanonicalValue => {
                "Use one of the values the schema lists (for emails.type: work, home, other), in the mapping's constant or expression."
            }
            Code::InvalidMember => {
                "Each member needs its `value` (the member's id at the service provider); check that the users were provisioned first."
            }
            Code::MetaResourceTypeMismatch => {
                "Fix meta.resourceType, or choose the right resource type."
            }
            Code::ExpectedObject => {
                "Paste one JSON object ({ … }); a list of resources goes in a ListResponse."
            }
            Code::ContextMismatch => "Choose the context the message names, or Detect.",
            Code::AttributeNameCase => {
                "Nothing to do for a conformant service provider; write the name as the schema does if yours matches names exactly."
            }
            Code::ListInconsistent => {
                "The service provider's paging numbers disagree: a fix on its side."
            }
            Code::SearchInvalid => {
                "Correct the field the message names (sortOrder is ascending or descending; count and startIndex are positive)."
            }
            Code::BulkInvalidOperation => {
                "Correct the operation the message names (method, path, bulkId or data)."
            }
            Code::ErrorInvalid => {
                "The service provider's error answer is malformed: a fix on its side (status as a string, scimType from RFC 7644 §3.12)."
            }
            Code::PatchNoOperations => "Add at least one operation to Operations.",
            Code::PatchInvalidOp => {
                "Use add, remove or replace. For Entra ID's capitalised ops, enable the aadOptscim062020 flag or use a service provider that accepts them."
            }
            Code::PatchMissingValue => "Add a value to the operation, or make it a remove.",
            Code::PatchInvalidPath => {
                "Fix the path to an attribute the resource has (for example emails[type eq \"work\"].value). If the identity provider sends it, correct the target attribute of that mapping."
            }
            Code::PatchNoTarget => {
                "Add the element first, or fix the filter in the path so it matches."
            }
            Code::PatchInvalidValue => {
                "Send a value of the attribute's type: change the mapping's source or expression."
            }
            Code::PatchMutability => {
                "Remove the operation, or the mapping that writes this attribute (the service provider sets it)."
            }
            Code::PatchRemoveRequired => {
                "Do not remove a required attribute: replace it with a new value instead."
            }
            Code::PatchResultDiffers => {
                "The service provider applies PATCH differently from the RFC: report it to its developers with this request and result."
            }
            Code::FilterSyntax => {
                "Fix the filter at the column shown: attribute, operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) and value, text in double quotes."
            }
            Code::FilterUnknownAttribute => {
                "Use an attribute of the resource type; in the identity provider, change the matching attribute to one the service provider has."
            }
            Code::FilterInvalidOperator => {
                "Use an operator that fits the attribute's type (eq or ne for true/false)."
            }
            Code::FilterComplexComparison => {
                "Name the sub-attribute, such as name.familyName or emails.value."
            }
            Code::FilterValueType => {
                "Write the value with the attribute's type: true/false and numbers without quotes, text in double quotes."
            }
            Code::LimitFilterLength => "Shorten the filter.",
            Code::LimitFilterDepth => "Use fewer nested parentheses.",
            Code::LimitFilterWork => "Evaluate fewer resources at a time, or a shorter filter.",
            Code::FilterDecoded => {
                "Nothing to fix: this says what was read out of the pasted text."
            }
            Code::QuirkOpCase => {
                "Accept ops case-insensitively at the service provider, or enable the aadOptscim062020 flag on the Entra ID app."
            }
            Code::QuirkStringBoolean => {
                "Accept \"True\"/\"False\" at the service provider, or enable the aadOptscim062020 flag on the Entra ID app."
            }
            Code::QuirkPathKeys => {
                "The service provider must read value keys as attribute paths (Entra ID sends them with the flag)."
            }
            Code::QuirkMembersRemoveValue => {
                "The service provider must accept a member list in remove, or enable the aadOptscim062020 flag."
            }
            Code::QuirkBareReference => {
                "Accept a bare id for manager at the service provider, or send {\"value\": id}."
            }
            Code::QuirkFilterValuePath => {
                "The service provider must accept Entra ID's form, or the mapping must target a supported path."
            }
            Code::QuirkValueFilterNoMatch => {
                "The service provider must create the element the filter names, as Entra ID expects."
            }
            Code::QuirkReadOnlyInValue => {
                "The service provider must ignore id inside the value (Okta sends it on a group rename)."
            }
            Code::QuirkExtensionNotListed => {
                "The service provider must accept the data, or list the extension URN in schemas."
            }
            Code::ProfileInvalid => "Correct the profile definition as the message says.",
            Code::ProfilePattern => {
                "Change the mapping so the value has the required form (the help names the expression)."
            }
            Code::ProfileMissingRequired => {
                "Map a source attribute to it in the identity provider."
            }
            Code::ProfileUnsupported => {
                "Turn the feature off in the identity provider, or use what the service provider supports."
            }
            Code::MappingInvalid => "Correct the configuration as the message says.",
            Code::MappingUnknownTarget => {
                "Retarget the mapping to an attribute the service provider has, or load its schema."
            }
            Code::MappingReadOnlyTarget => {
                "Delete the mapping: the service provider sets this attribute."
            }
            Code::MappingTypeMismatch => {
                "Convert the value in the mapping's expression (for text, CStr in Entra ID)."
            }
            Code::MappingMultiValuedTarget => {
                "Target one element, such as emails[type eq \"work\"].value."
            }
            Code::MappingDuplicateTarget => "Keep one of the two mappings.",
            Code::MappingRequiredUnmapped => {
                "Add a mapping for it (for userName: userPrincipalName in Entra ID, the username in Okta)."
            }
            Code::MappingMatching => {
                "Match on an attribute the service provider can filter on and keeps unique (userName or externalId)."
            }
            Code::MappingUnknownSource => {
                "Pick a source attribute the directory has, or add it (Entra ID directory extension, Okta profile attribute)."
            }
            Code::MappingUnsupportedFunction => {
                "Use a function the identity provider supports in this kind of mapping."
            }
            Code::MappingEmptySource => {
                "Nothing wrong: give users a value if the attribute should be sent."
            }
            Code::MappingProfileConflict => {
                "Change the mapping as the help says, so its values pass the service provider's rule."
            }
            Code::ExprSyntax => {
                "Fix the expression at the column shown (a missing parenthesis, comma or quote)."
            }
            Code::ExprUnknownFunction => "Use a function the language defines; check its spelling.",
            Code::ExprArity => "Call the function with the arguments its signature lists.",
            Code::ExprArgumentType => "Pass an argument of the type the function expects.",
            Code::ExprEvaluation => "Fix the input or the expression as the message says.",
            Code::ExprUnsupported => {
                "Check this part in the identity provider's own preview (Entra ID: Expression builder; Okta: Preview)."
            }
            Code::LimitExpression => "Shorten or flatten the expression.",
            Code::LimitExpressionOutput => {
                "Look for a Replace, Join or concatenation that repeats its input."
            }
            Code::LogUnrecognized => {
                "Paste Entra ID's provisioning log (Download logs, JSON) or Okta System Log events, or the error message itself."
            }
            Code::LimitLogEvents => "Filter the export to one user or one provisioning cycle.",
            Code::HttpRequest => "Nothing to fix: this says how the pasted request was read.",
            Code::HttpContentType => "Send Content-Type: application/scim+json.",
            Code::HttpAuthorization => {
                "Leave the Authorization header out when pasting; if a live token was shared, generate a new one in the identity provider and revoke the old one."
            }
            Code::BatchDuplicate => {
                "Make the values unique: two users map to the same userName or externalId."
            }
            Code::BatchUnresolvedMember => {
                "Nothing wrong if the member exists at the service provider already."
            }
            Code::BulkIdUnresolved => {
                "Define the bulkId in an earlier operation, or fix the reference."
            }
            Code::BulkIdCircular => {
                "Break the cycle: create one resource first, reference it after."
            }
            Code::LimitOperations => "Split the request into several.",
            Code::LimitResponseSize => "Page large lists (count and startIndex).",
            Code::LimitDiagnostics => "Fix the problems listed and check again.",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Renders the code table as Markdown (the content of `docs/codes.md`).
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| code | area | default severity | meaning | how to fix |\n|---|---|---|---|---|\n",
    );
    for code in Code::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            code.as_str(),
            code.area(),
            code.default_severity().as_str(),
            code.description().replace('\n', " "),
            code.fix()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(
                seen.insert(code.as_str()),
                "duplicate code {}",
                code.as_str()
            );
            assert_eq!(Code::from_name(code.as_str()), Some(*code));
            assert!(!code.description().is_empty());
        }
    }

    #[test]
    fn every_code_has_admin_level_fix_text() {
        for code in Code::ALL {
            let fix = code.fix();
            assert!(fix.len() >= 10 && fix.ends_with('.'), "{code}: {fix:?}");
            for words in ["offset", "byte", "put the value in double quotes"] {
                assert!(!fix.contains(words), "{code}: {fix:?} speaks of {words}");
            }
        }
    }

    #[test]
    fn serializes_as_its_name() {
        let json = serde_json::to_string(&Code::UnknownAttribute).unwrap_or_default();
        assert_eq!(json, "\"unknown-attribute\"");
    }
}
