//! The one parser for filters, attribute paths and PATCH paths.
//!
//! Hand-written recursive descent rather than a combinator library: the
//! grammar is small (RFC 7644 Figure 1), the error messages need to say what
//! was expected at each point in an admin's words, recovery after an error
//! (to report several) is easy to steer by hand, and the npm package stays
//! small. Recursion happens only at `(`, `not (` and `[`, and each checks the
//! depth limit first, so hostile nesting cannot overflow the stack.

use super::ast::{AttrPath, CompValue, CompareOp, Filter, Loc, Path};
use super::lexer::{Lexer, Token, TokenKind};
use crate::diagnostics::{Code, Diagnostic, Severity, Span};
use crate::dialect::Dialect;
use crate::limits::{MAX_FILTER_BYTES, MAX_FILTER_DEPTH};
use crate::schema::is_attribute_name;

/// The outcome of parsing: the tree when there was no error, and every
/// diagnostic (errors, and warnings for dialect quirks).
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed<T> {
    /// The result, present when no diagnostic is an error.
    pub value: Option<T>,
    /// Problems found, with spans into the parsed text.
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Parsed<T> {
    /// The value, or the diagnostics when there is none.
    ///
    /// # Errors
    /// The diagnostics when parsing failed.
    pub fn into_result(self) -> Result<T, Vec<Diagnostic>> {
        self.value.ok_or(self.diagnostics)
    }
}

/// Parses a filter with the RFC grammar.
///
/// # Errors
/// Every syntax error found, each with the span of the offending token.
pub fn parse_filter(text: &str) -> Result<Filter, Vec<Diagnostic>> {
    parse_filter_with(text, Dialect::Strict).into_result()
}

/// Parses a filter, accepting the deviations of `dialect`: with `Entra`,
/// `emails[type eq "work"].value eq "x"` is read as
/// `emails[type eq "work" and value eq "x"]` and reported as a quirk.
pub fn parse_filter_with(text: &str, dialect: Dialect) -> Parsed<Filter> {
    let mut parser = match Parser::new(text, dialect) {
        Ok(p) => p,
        Err(d) => {
            return Parsed {
                value: None,
                diagnostics: vec![d],
            };
        }
    };
    let value = if parser.current.is_none() {
        parser.error(
            Loc::new(0, text.len()),
            "the filter is empty: expected an expression such as userName eq \"bjensen\"",
            None,
        );
        None
    } else {
        let filter = parser.or_expr();
        parser.expect_end("the filter");
        filter.map(|f| *f)
    };
    parser.finish(value)
}

/// Parses a PATCH path or mapping target: `attrPath`, or `valuePath ["." subAttr]`.
///
/// # Errors
/// Every syntax error found, each with a span.
pub fn parse_path(text: &str) -> Result<Path, Vec<Diagnostic>> {
    let mut parser = Parser::new(text, Dialect::Strict).map_err(|d| vec![d])?;
    let path = parser.path();
    parser.finish(path).into_result()
}

/// Parses a bare attribute path (`name.givenName`, `urn:…:User:manager`).
///
/// # Errors
/// A syntax error with a span.
pub fn parse_attr_path(text: &str) -> Result<AttrPath, Vec<Diagnostic>> {
    let mut parser = Parser::new(text, Dialect::Strict).map_err(|d| vec![d])?;
    let path = match parser.next() {
        Some(Token {
            kind: TokenKind::Word(w),
            loc,
            ..
        }) => parser.attr_path(w, loc),
        other => {
            parser.expected_attribute(other.as_ref());
            None
        }
    };
    parser.expect_end("the attribute path");
    parser.finish(path).into_result()
}

struct Parser<'t> {
    text: &'t str,
    lexer: Lexer<'t>,
    /// The next token (`None` at the end).
    current: Option<Token<'t>>,
    /// Where the token `next` returned last stands, for where a construct
    /// ends.
    previous: Option<Loc>,
    depth: usize,
    in_value_path: bool,
    dialect: Dialect,
    diagnostics: Vec<Diagnostic>,
    /// Set when the depth limit is hit: parsing stops at once.
    aborted: bool,
}

const OPERATORS: &str = "eq, ne, co, sw, ew, gt, lt, ge, le";

impl<'t> Parser<'t> {
    fn new(text: &'t str, dialect: Dialect) -> Result<Parser<'t>, Diagnostic> {
        if text.len() > MAX_FILTER_BYTES {
            return Err(Diagnostic::new(
                Code::LimitFilterLength,
                "",
                format!("the filter is {} bytes long; scimkit reads filters of at most {MAX_FILTER_BYTES} bytes", text.len()),
            )
            .with_span(Span::locate(text, 0, 0)));
        }
        let mut lexer = Lexer::new(text);
        Ok(Parser {
            text,
            current: lexer.next_token(),
            lexer,
            previous: None,
            depth: 0,
            in_value_path: false,
            dialect,
            diagnostics: Vec::new(),
            aborted: false,
        })
    }

    fn finish<T>(self, value: Option<T>) -> Parsed<T> {
        let text = self.text;
        let mut diagnostics = self.diagnostics;
        for d in &mut diagnostics {
            if let Some(s) = d.span {
                d.span = Some(Span::locate(text, s.start, s.end));
            }
        }
        let failed = diagnostics.iter().any(Diagnostic::is_error);
        Parsed {
            value: if failed { None } else { value },
            diagnostics,
        }
    }

    fn peek(&self) -> Option<&Token<'t>> {
        self.current.as_ref()
    }

    fn peek_kind(&self) -> Option<&TokenKind<'t>> {
        self.peek().map(|t| &t.kind)
    }

    fn next(&mut self) -> Option<Token<'t>> {
        let token = self.current.take()?;
        self.current = self.lexer.next_token();
        self.previous = Some(token.loc);
        Some(token)
    }

    /// Where the last token read ends (`or` when none was read).
    fn previous_end(&self, or: usize) -> usize {
        self.previous.map_or(or, |loc| loc.end)
    }

    fn peek_word_is(&self, word: &str) -> bool {
        matches!(self.peek_kind(), Some(TokenKind::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    fn end_loc(&self) -> Loc {
        Loc::new(self.text.len(), self.text.len())
    }

    fn error(&mut self, loc: Loc, message: impl Into<String>, help: Option<String>) {
        let mut d = Diagnostic::new(Code::FilterSyntax, "", message)
            .with_range(loc.start, loc.end.max(loc.start));
        d.help = help;
        self.diagnostics.push(d);
    }

    fn describe(&self, token: Option<&Token<'_>>) -> String {
        token.map_or_else(
            || "the end of the filter".to_string(),
            |t| t.describe(self.text),
        )
    }

    /// Enters a nesting level (`(`, `not (`, `[`); false when the limit is hit.
    fn enter(&mut self, loc: Loc) -> bool {
        if self.depth >= MAX_FILTER_DEPTH {
            if !self.aborted {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::LimitFilterDepth,
                        "",
                        format!("the filter nests parentheses and brackets more than {MAX_FILTER_DEPTH} levels deep"),
                    )
                    .with_range(loc.start, loc.end),
                );
            }
            self.aborted = true;
            return false;
        }
        self.depth += 1;
        true
    }

    /// `and_expr ("or" and_expr)*`
    fn or_expr(&mut self) -> Option<Box<Filter>> {
        self.chain("or", Self::and_expr, |left, right| Filter::Or {
            left,
            right,
        })
    }

    /// `unary ("and" unary)*`
    fn and_expr(&mut self) -> Option<Box<Filter>> {
        self.chain("and", Self::unary_recovering, |left, right| Filter::And {
            left,
            right,
        })
    }

    /// `operand (word operand)*`, left-associative, with a loop rather than
    /// recursion. After an error the chain goes on (so later errors are
    /// reported) but yields no tree.
    fn chain(
        &mut self,
        word: &str,
        operand: fn(&mut Self) -> Option<Box<Filter>>,
        join: fn(Box<Filter>, Box<Filter>) -> Filter,
    ) -> Option<Box<Filter>> {
        let mut left = operand(self);
        while !self.aborted && self.peek_word_is(word) {
            self.next();
            let right = operand(self);
            left = match (left, right) {
                (Some(l), Some(r)) => Some(Box::new(join(l, r))),
                _ => None,
            };
        }
        left
    }

    /// A unary expression; after an error, skips to the next `and`, `or`,
    /// `)` or `]` of this level so that later errors are reported too.
    fn unary_recovering(&mut self) -> Option<Box<Filter>> {
        let errors_before = self.diagnostics.len();
        let result = self.unary();
        if result.is_none() && !self.aborted && self.diagnostics.len() > errors_before {
            let mut level = 0usize;
            while let Some(kind) = self.peek_kind() {
                if ends_operand(kind, &mut level) {
                    break;
                }
                self.next();
            }
        }
        result
    }

    fn unary(&mut self) -> Option<Box<Filter>> {
        if self.aborted {
            return None;
        }
        match self.peek_kind() {
            Some(TokenKind::Word(w)) if w.eq_ignore_ascii_case("not") => {
                let not = self.next()?;
                match self.peek_kind() {
                    Some(TokenKind::LParen) => {
                        let open = self.next()?;
                        let inner = self.group(open.loc)?;
                        let end = self.previous_end(open.loc.end);
                        Some(Box::new(Filter::Not {
                            filter: inner,
                            loc: Loc::new(not.loc.start, end),
                        }))
                    }
                    _ => {
                        let found = self.peek().cloned();
                        let help = match found.as_ref().and_then(|t| self.operand_text(t)) {
                            Some(operand) => format!("write not ({operand})"),
                            None => "write not ( … ) around the expression to negate".to_string(),
                        };
                        self.error(
                            found.as_ref().map_or(self.end_loc(), |t| t.loc),
                            format!(
                                "expected `(` after `not`, found {}",
                                self.describe(found.as_ref())
                            ),
                            Some(help),
                        );
                        None
                    }
                }
            }
            Some(TokenKind::LParen) => {
                let open = self.next()?;
                self.group(open.loc)
            }
            _ => self.attr_expr(),
        }
    }

    /// The inside of `( … )` after the opening parenthesis.
    fn group(&mut self, open: Loc) -> Option<Box<Filter>> {
        if !self.enter(open) {
            return None;
        }
        let inner = self.or_expr();
        self.depth -= 1;
        self.close(inner, TokenKind::RParen, "`)` to close the `(`", open)
    }

    /// RFC 7644 Figure 1: `attrPath SP compareOp SP compValue`.
    fn missing_space(&mut self, loc: Loc, between: &str) {
        self.error(
            Loc::new(loc.start, loc.start),
            format!("a space is required between {between} (RFC 7644 §3.4.2.2 grammar)"),
            Some("insert a space".to_string()),
        );
    }

    fn expected_attribute(&mut self, token: Option<&Token<'_>>) {
        let (message, help) = match token.map(|t| &t.kind) {
            Some(TokenKind::Str(s)) => (
                "attribute names are not quoted".to_string(),
                Some(format!("write {s} without quotes")),
            ),
            Some(TokenKind::RParen) => ("unexpected `)`: no `(` is open here".to_string(), None),
            Some(TokenKind::RBracket) => ("unexpected `]`: no `[` is open here".to_string(), None),
            Some(TokenKind::UnterminatedStr) => (
                "the string is never closed: a `\"` is missing".to_string(),
                None,
            ),
            _ => (
                format!("expected an attribute name, found {}", self.describe(token)),
                None,
            ),
        };
        let loc = token.map_or(self.end_loc(), |t| t.loc);
        self.error(loc, message, help);
    }

    /// Splits a word into `[URI ":"] ATTRNAME ["." subAttr]` and checks the names.
    fn attr_path(&mut self, word: &str, loc: Loc) -> Option<AttrPath> {
        // Byte searches: `:` and `.` are ASCII (this runs for every attribute
        // of every filter parsed).
        let (uri, rest) = match word.bytes().rposition(|b| b == b':') {
            Some(i) => (
                word.get(..i).map(str::to_string),
                word.get(i + 1..).unwrap_or(""),
            ),
            None => (None, word),
        };
        let (name, sub) = match rest.bytes().position(|b| b == b'.') {
            Some(i) => (rest.get(..i).unwrap_or(""), rest.get(i + 1..)),
            None => (rest, None),
        };
        let bad = |what: &str| format!("`{word}` is not a valid attribute path: {what}");
        if uri.as_deref().is_some_and(|u| u.is_empty()) {
            self.error(loc, bad("it starts with `:`"), None);
            return None;
        }
        if name.is_empty() {
            self.error(loc, bad("the attribute name is missing"), None);
            return None;
        }
        if !is_attribute_name(name) {
            let help = name
                .parse::<f64>()
                .is_ok()
                .then(|| self.value_first_help(word));
            self.error(loc, bad(&format!("`{name}` is not an attribute name (a letter followed by letters, digits, `-` or `_`)")), help);
            return None;
        }
        if let Some(sub) = sub {
            if sub.bytes().any(|b| b == b'.') {
                self.error(
                    loc,
                    bad("an attribute path has at most one sub-attribute (`name.givenName`)"),
                    None,
                );
                return None;
            }
            if !is_attribute_name(sub) {
                self.error(
                    loc,
                    bad(&format!("`{sub}` is not a sub-attribute name")),
                    None,
                );
                return None;
            }
        }
        Some(AttrPath {
            uri,
            name: name.to_string(),
            sub_attr: sub.map(str::to_string),
            loc,
        })
    }

    /// `attrPath pr`, `attrPath op value` or `attrPath [ filter ]`.
    fn attr_expr(&mut self) -> Option<Box<Filter>> {
        let token = self.next();
        let Some(Token {
            kind: TokenKind::Word(word),
            loc,
            ..
        }) = token
        else {
            self.expected_attribute(token.as_ref());
            return None;
        };
        let attribute = self.attr_path(word, loc)?;
        match self.peek().cloned() {
            Some(Token {
                kind: TokenKind::LBracket,
                loc: open,
                ..
            }) => {
                self.next();
                self.value_path(attribute, open)
            }
            Some(Token {
                kind: TokenKind::Word(w),
                loc: op_loc,
                ..
            }) if w.eq_ignore_ascii_case("pr") => {
                self.next();
                Some(Box::new(Filter::Present {
                    attribute,
                    loc: Loc::new(loc.start, op_loc.end),
                }))
            }
            Some(Token {
                kind: TokenKind::Word(w),
                loc: op_loc,
                spaced,
            }) if CompareOp::from_name(w).is_some() => {
                self.next();
                let op = CompareOp::from_name(w)?;
                if !spaced {
                    self.missing_space(op_loc, &format!("`{word}` and `{}`", op.as_str()));
                }
                let (value, value_loc) = self.comp_value(word, op)?;
                Some(Box::new(Filter::Compare {
                    attribute,
                    op,
                    value,
                    value_loc,
                    loc: Loc::new(loc.start, value_loc.end),
                }))
            }
            other => {
                let (loc, found, help) = match &other {
                    Some(token) => {
                        let (loc, help) = self.operator_help(word, token);
                        // `Loc`'s equality ignores positions (trees compare by shape).
                        let found = if (loc.start, loc.end) == (token.loc.start, token.loc.end) {
                            self.describe(Some(token))
                        } else {
                            format!("`{}`", self.text.get(loc.start..loc.end).unwrap_or(""))
                        };
                        (loc, found, help)
                    }
                    None => (self.end_loc(), self.describe(None), None),
                };
                let message = format!(
                    "expected a comparison operator ({OPERATORS}) or `pr` after `{word}`, found {found}"
                );
                self.error(loc, message, help);
                None
            }
        }
    }

    /// What an admin meant by `token` where a comparison operator belongs
    /// (`=`, `==`, `!=`, `<>`, `<=`, `equals`, …): the span of the whole run
    /// of symbols, and the comparison rewritten with the right operator from
    /// the attribute and value they typed (`displayName = "Ada"` → `use eq:
    /// displayName eq "Ada"`), so the help can be copied as it is.
    fn operator_help(&self, attribute: &str, token: &Token<'t>) -> (Loc, Option<String>) {
        let mut ahead = self.lexer.clone();
        let (loc, op) = match &token.kind {
            TokenKind::Other(c) if is_operator_symbol(*c) => {
                // `==`, `!=`, `<>`, `>=`: symbols written together are one operator.
                let mut end = token.loc.end;
                loop {
                    let mut probe = ahead.clone();
                    match probe.next_token() {
                        Some(Token {
                            kind: TokenKind::Other(c),
                            loc,
                            spaced: false,
                        }) if is_operator_symbol(c) => {
                            end = loc.end;
                            ahead = probe;
                        }
                        _ => break,
                    }
                }
                let loc = Loc::new(token.loc.start, end);
                let op = self.text.get(loc.start..loc.end).and_then(symbol_operator);
                (loc, op)
            }
            TokenKind::Word(w) => (token.loc, operator_synonym(w)),
            _ => (token.loc, None),
        };
        let Some(op) = op else {
            return (loc, None);
        };
        if op == "pr" {
            return (loc, Some(format!("use pr: {attribute} pr")));
        }
        let help = match self.value_text(&mut ahead) {
            Some(value) => format!("use {op}: {attribute} {op} {value}"),
            None => format!(
                "use {op} instead of `{}`",
                self.text.get(loc.start..loc.end).unwrap_or("")
            ),
        };
        (loc, Some(help))
    }

    /// The value `ahead` reads next, written as a filter value: a string,
    /// number, `true`, `false` or `null` as typed; any other word, or a text
    /// in single quotes, in double quotes.
    fn value_text(&self, ahead: &mut Lexer<'t>) -> Option<String> {
        let token = ahead.next_token()?;
        match token.kind {
            TokenKind::Str(_) => self
                .text
                .get(token.loc.start..token.loc.end)
                .map(str::to_string),
            TokenKind::Word(w) if is_literal(w) => Some(w.to_string()),
            TokenKind::Word(w) => Some(quoted(w)),
            TokenKind::Other('\'') => self.single_quoted(token.loc.end).map(quoted),
            _ => None,
        }
    }

    /// The text from `start` to the next `'`: what someone who wrote a string
    /// in single quotes (as in SQL) meant.
    fn single_quoted(&self, start: usize) -> Option<&'t str> {
        let rest = self.text.get(start..)?;
        rest.find('\'').and_then(|end| rest.get(..end))
    }

    /// Help for a number written where an attribute belongs. When an operator
    /// and an attribute follow (`42 lt age`), the comparison the other way
    /// round (`age gt 42`).
    fn value_first_help(&self, value: &str) -> String {
        let op = match self.peek_kind() {
            Some(TokenKind::Word(w)) => CompareOp::from_name(w).and_then(mirrored),
            _ => None,
        };
        let attribute = match self.lexer.clone().next_token() {
            Some(Token {
                kind: TokenKind::Word(w),
                ..
            }) if w.starts_with(|c: char| c.is_ascii_alphabetic()) && !is_literal(w) => Some(w),
            _ => None,
        };
        match (op, attribute) {
            (Some(op), Some(attribute)) => format!(
                "the attribute comes first: {attribute} {} {value}",
                op.as_str()
            ),
            _ => format!("`{value}` is a value: it comes after an attribute name and an operator"),
        }
    }

    /// The text of the operand that starts at `first`: up to the next `and`,
    /// `or` or closing bracket of its level (for `not` written without
    /// parentheses). `None` when no operand starts there.
    fn operand_text(&self, first: &Token<'t>) -> Option<&'t str> {
        let mut ahead = self.lexer.clone();
        let tokens =
            std::iter::once(first.clone()).chain(std::iter::from_fn(|| ahead.next_token()));
        let mut level = 0usize;
        let mut end = None;
        for token in tokens {
            if ends_operand(&token.kind, &mut level) {
                break;
            }
            end = Some(token.loc.end);
        }
        self.text.get(first.loc.start..end?)
    }

    /// The value after `attribute op`; `attribute` is the attribute as typed,
    /// for hints that show the whole comparison.
    fn comp_value(&mut self, attribute: &str, op: CompareOp) -> Option<(CompValue, Loc)> {
        // A closing bracket or parenthesis is left for the enclosing group, so
        // that a missing value is one error, not two.
        if matches!(
            self.peek_kind(),
            None | Some(TokenKind::RParen | TokenKind::RBracket)
        ) {
            let token = self.peek().cloned();
            self.error(
                token.as_ref().map_or(self.end_loc(), |t| t.loc),
                format!(
                    "expected a value (a string in double quotes, a number, true, false or null) after `{}`, found {}",
                    op.as_str(),
                    self.describe(token.as_ref())
                ),
                None,
            );
            return None;
        }
        let token = self.next();
        if let Some(t) = token.as_ref().filter(|t| !t.spaced) {
            self.missing_space(t.loc, &format!("`{}` and its value", op.as_str()));
        }
        let value = match token.as_ref().map(|t| &t.kind) {
            Some(TokenKind::Str(s)) => Some(CompValue::String(s.to_string())),
            Some(TokenKind::Word(w)) if w.eq_ignore_ascii_case("true") => {
                Some(CompValue::Bool(true))
            }
            Some(TokenKind::Word(w)) if w.eq_ignore_ascii_case("false") => {
                Some(CompValue::Bool(false))
            }
            Some(TokenKind::Word(w)) if w.eq_ignore_ascii_case("null") => Some(CompValue::Null),
            Some(TokenKind::Word(w)) => number(w).map(CompValue::Number),
            _ => None,
        };
        match (value, token) {
            (Some(v), Some(t)) => Some((v, t.loc)),
            (_, token) => {
                let (message, help) = match token.as_ref().map(|t| &t.kind) {
                    Some(TokenKind::UnterminatedStr) => (
                        format!(
                            "the string starting at {} is never closed",
                            Span::describe(self.text, token.as_ref().map_or(0, |t| t.loc.start))
                        ),
                        Some("add the closing `\"`".to_string()),
                    ),
                    Some(TokenKind::BadStr(m)) => (m.clone(), None),
                    Some(TokenKind::Other('\'')) => (
                        format!("expected a value after `{}`, found `'`", op.as_str()),
                        Some(
                            match token.as_ref().and_then(|t| self.single_quoted(t.loc.end)) {
                                Some(text) => format!(
                                    "strings use double quotes: {attribute} {} {}",
                                    op.as_str(),
                                    quoted(text)
                                ),
                                None => "strings use double quotes".to_string(),
                            },
                        ),
                    ),
                    Some(TokenKind::Word(w)) => (
                        format!(
                            "expected a value (a string in double quotes, a number, true, false or null) after `{}`, found `{w}`",
                            op.as_str()
                        ),
                        Some(
                            if w.starts_with(|c: char| {
                                c.is_ascii_digit() || matches!(c, '-' | '+' | '.')
                            }) {
                                "numbers are written as in JSON (RFC 8259): digits on both sides of the point (1.0, 0.5), no leading zeros or +; or put the text in double quotes".to_string()
                            } else {
                                format!(
                                    "put the text in double quotes: {attribute} {} {}",
                                    op.as_str(),
                                    quoted(w)
                                )
                            },
                        ),
                    ),
                    _ => (
                        format!(
                            "expected a value (a string in double quotes, a number, true, false or null) after `{}`, found {}",
                            op.as_str(),
                            self.describe(token.as_ref())
                        ),
                        None,
                    ),
                };
                self.error(
                    token.as_ref().map_or(self.end_loc(), |t| t.loc),
                    message,
                    help,
                );
                None
            }
        }
    }

    /// The inside of `attr[ … ]` after `[`, and Entra's `].sub op value` form.
    fn value_path(&mut self, attribute: AttrPath, open: Loc) -> Option<Box<Filter>> {
        let inner = self.bracket_filter(&attribute, open)?;
        let close_end = self.previous_end(open.end);
        let loc = Loc::new(attribute.loc.start, close_end);
        if !matches!(self.peek_kind(), Some(TokenKind::Dot)) {
            return Some(Box::new(Filter::ValuePath {
                attribute,
                filter: inner,
                loc,
            }));
        }
        // `emails[type eq "work"].value eq "x"`: not in the RFC grammar, but
        // what Entra ID sends when such a target is the matching attribute.
        let dot = self.next()?;
        let sub = match self.next() {
            Some(Token {
                kind: TokenKind::Word(w),
                loc,
                ..
            }) if is_attribute_name(w) => (w, loc),
            other => {
                self.no_sub_attribute(dot.loc, other.as_ref());
                return None;
            }
        };
        let op = match self.next() {
            Some(Token {
                kind: TokenKind::Word(w),
                loc,
                ..
            }) => match CompareOp::from_name(w) {
                Some(op) => op,
                None if w.eq_ignore_ascii_case("pr") => {
                    self.error(loc, "`pr` after a value path's sub-attribute is not supported; write the condition inside the brackets", None);
                    return None;
                }
                None => {
                    self.error(
                        loc,
                        format!("expected a comparison operator ({OPERATORS}), found `{w}`"),
                        None,
                    );
                    return None;
                }
            },
            other => {
                self.error(
                    other.as_ref().map_or(self.end_loc(), |t| t.loc),
                    format!(
                        "expected a comparison operator ({OPERATORS}) after `{}`, found {}",
                        sub.0,
                        self.describe(other.as_ref())
                    ),
                    None,
                );
                return None;
            }
        };
        // The hints about the value repeat the comparison as typed.
        let target = self
            .text
            .get(attribute.loc.start..sub.1.end)
            .unwrap_or(sub.0);
        let (value, value_loc) = self.comp_value(target, op)?;
        let printed_value = super::print::comp_value(&value);
        let rfc_form = format!(
            "{attribute}[{} and {} {} {printed_value}]",
            super::print::filter(&inner),
            sub.0,
            op.as_str()
        );
        let span = Loc::new(attribute.loc.start, value_loc.end);
        let combined = Filter::ValuePath {
            attribute: attribute.clone(),
            filter: Box::new(Filter::And {
                left: inner,
                right: Box::new(Filter::Compare {
                    attribute: AttrPath {
                        uri: None,
                        name: sub.0.to_string(),
                        sub_attr: None,
                        loc: sub.1,
                    },
                    op,
                    value,
                    value_loc,
                    loc: Loc::new(sub.1.start, value_loc.end),
                }),
            }),
            loc: span,
        };
        if self.dialect.accepts(Code::QuirkFilterValuePath) {
            let mut d = Diagnostic::new(
                Code::QuirkFilterValuePath,
                "",
                format!(
                    "Entra ID filter form: a value path followed by `.{}` and a comparison is not in the RFC 7644 grammar; read as {rfc_form}",
                    sub.0
                ),
            )
            .with_range(span.start, span.end);
            d.severity = Severity::Warning;
            d.help = Some(format!(
                "service providers that Entra ID provisions must accept this form (RFC 7644 §3.4.2.2 writes it {rfc_form})"
            ));
            self.diagnostics.push(d);
            Some(Box::new(combined))
        } else {
            self.error(
                span,
                format!("a value path cannot be followed by `.{}` and a comparison in a filter (RFC 7644 §3.4.2.2)", sub.0),
                Some(format!("write {rfc_form}")),
            );
            None
        }
    }

    /// `[ valFilter ]` after the opening bracket.
    fn bracket_filter(&mut self, attribute: &AttrPath, open: Loc) -> Option<Box<Filter>> {
        if self.in_value_path {
            self.error(
                open,
                "value paths cannot be nested: a `[` inside another `[ … ]`",
                None,
            );
            return None;
        }
        if attribute.sub_attr.is_some() {
            self.error(
                attribute.loc,
                format!("a value filter applies to a multi-valued attribute, not to the sub-attribute `{attribute}`"),
                Some(format!("write {}[…].{}", attribute.name, attribute.sub_attr.as_deref().unwrap_or(""))),
            );
            return None;
        }
        if !self.enter(open) {
            return None;
        }
        self.in_value_path = true;
        let inner = if matches!(self.peek_kind(), Some(TokenKind::RBracket)) {
            let loc = self.peek().map_or(open, |t| t.loc);
            self.error(
                loc,
                format!("the filter inside `{attribute}[ ]` is empty"),
                None,
            );
            None
        } else {
            self.or_expr()
        };
        self.in_value_path = false;
        self.depth -= 1;
        self.close(inner, TokenKind::RBracket, "`]` to close the `[`", open)
    }

    /// The closing `)` or `]` of a group opened at `open`: consumed, or
    /// reported as missing (once: not when the inside already failed at the
    /// end of the text).
    fn close(
        &mut self,
        inner: Option<Box<Filter>>,
        closing: TokenKind,
        what: &str,
        open: Loc,
    ) -> Option<Box<Filter>> {
        if self.aborted {
            return None;
        }
        if self.peek_kind() == Some(&closing) {
            self.next();
            return inner;
        }
        if inner.is_none() && self.peek().is_none() {
            return None;
        }
        let found = self.peek().cloned();
        let message = format!(
            "missing {what} at {}; found {}",
            Span::describe(self.text, open.start),
            self.describe(found.as_ref())
        );
        self.error(
            found.as_ref().map_or(self.end_loc(), |t| t.loc),
            message,
            None,
        );
        None
    }

    /// Reports what follows `].` when it is not a sub-attribute name.
    fn no_sub_attribute(&mut self, dot: Loc, found: Option<&Token>) {
        let message = format!(
            "expected a sub-attribute name after `].`, found {}",
            self.describe(found)
        );
        self.error(found.map_or(dot, |t| t.loc), message, None);
    }

    /// `attrPath`, or `valuePath [ "." subAttr ]`.
    fn path(&mut self) -> Option<Path> {
        let token = self.next();
        let Some(Token {
            kind: TokenKind::Word(word),
            loc,
            ..
        }) = token
        else {
            if token.is_none() {
                self.error(Loc::new(0, self.text.len()), "the path is empty: expected an attribute such as userName or emails[type eq \"work\"].value", None);
            } else {
                self.expected_attribute(token.as_ref());
            }
            return None;
        };
        let attribute = self.attr_path(word, loc)?;
        let mut path = Path {
            attribute,
            filter: None,
            sub_attr: None,
            loc,
        };
        if let Some(Token {
            kind: TokenKind::LBracket,
            loc: open,
            ..
        }) = self.peek().cloned()
        {
            self.next();
            let filter = self.bracket_filter(&path.attribute, open)?;
            path.filter = Some(*filter);
            path.loc.end = self.previous_end(open.end);
            if matches!(self.peek_kind(), Some(TokenKind::Dot)) {
                let dot = self.next()?;
                match self.next() {
                    Some(Token {
                        kind: TokenKind::Word(w),
                        loc,
                        ..
                    }) if is_attribute_name(w) => {
                        path.sub_attr = Some(w.to_string());
                        path.loc.end = loc.end;
                    }
                    other => {
                        self.no_sub_attribute(dot.loc, other.as_ref());
                        return None;
                    }
                }
            }
        }
        self.expect_end("the path");
        Some(path)
    }

    fn expect_end(&mut self, what: &str) {
        if self.aborted {
            return;
        }
        let Some(token) = self.peek().cloned() else {
            return;
        };
        let (message, help) = match &token.kind {
            TokenKind::RParen => ("unexpected `)`: no `(` is open here".to_string(), None),
            TokenKind::RBracket => ("unexpected `]`: no `[` is open here".to_string(), None),
            _ if what == "the filter" => {
                let help = self
                    .previous
                    .and_then(|loc| self.text.get(loc.start..loc.end))
                    .is_some_and(|w| w.eq_ignore_ascii_case("pr"))
                    .then(|| "`pr` takes no value".to_string());
                (
                    format!(
                        "expected `and`, `or` or the end of the filter, found {}",
                        token.describe(self.text)
                    ),
                    help,
                )
            }
            _ => (
                format!("unexpected {} after {what}", token.describe(self.text)),
                None,
            ),
        };
        self.error(token.loc, message, help);
    }
}

/// A JSON number literal (RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)?
/// ([eE] [+-]? [0-9]+)?`) as a `serde_json::Number`; `None` for anything
/// else, such as `1.`, `.5`, `01` or `+1`.
fn number(word: &str) -> Option<serde_json::Number> {
    if !is_json_number(word.as_bytes()) {
        return None;
    }
    if let Ok(i) = word.parse::<i64>() {
        return Some(i.into());
    }
    word.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .and_then(serde_json::Number::from_f64)
}

/// Whether `bytes` are exactly RFC 8259's number grammar.
fn is_json_number(bytes: &[u8]) -> bool {
    fn digits(bytes: &[u8]) -> usize {
        bytes.iter().take_while(|b| b.is_ascii_digit()).count()
    }
    let rest = bytes.strip_prefix(b"-").unwrap_or(bytes);
    let int = digits(rest);
    if int == 0 || (int > 1 && rest.first() == Some(&b'0')) {
        return false;
    }
    let mut rest = rest.get(int..).unwrap_or_default();
    if let Some(fraction) = rest.strip_prefix(b".") {
        let n = digits(fraction);
        if n == 0 {
            return false;
        }
        rest = fraction.get(n..).unwrap_or_default();
    }
    if let Some(exponent) = rest.strip_prefix(b"e").or_else(|| rest.strip_prefix(b"E")) {
        let exponent = exponent
            .strip_prefix(b"+")
            .or_else(|| exponent.strip_prefix(b"-"))
            .unwrap_or(exponent);
        let n = digits(exponent);
        if n == 0 {
            return false;
        }
        rest = exponent.get(n..).unwrap_or_default();
    }
    rest.is_empty()
}

/// Symbols that make up operators people write from other languages (`~`
/// only so that `=~` is read whole and not taken for `=`).
fn is_operator_symbol(c: char) -> bool {
    matches!(c, '=' | '!' | '<' | '>' | '~')
}

/// The comparison operator a run of symbols means (`==` → `eq`, `<>` → `ne`).
fn symbol_operator(symbols: &str) -> Option<&'static str> {
    Some(match symbols {
        "=" | "==" | "===" => "eq",
        "!" | "!=" | "!==" | "<>" => "ne",
        "<" => "lt",
        "<=" | "=<" => "le",
        ">" => "gt",
        ">=" | "=>" => "ge",
        _ => return None,
    })
}

/// The operator that compares the same way with its operands swapped
/// (`42 lt age` is `age gt 42`); `None` for the text operators, which have none.
fn mirrored(op: CompareOp) -> Option<CompareOp> {
    Some(match op {
        CompareOp::Eq => CompareOp::Eq,
        CompareOp::Ne => CompareOp::Ne,
        CompareOp::Gt => CompareOp::Lt,
        CompareOp::Lt => CompareOp::Gt,
        CompareOp::Ge => CompareOp::Le,
        CompareOp::Le => CompareOp::Ge,
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => return None,
    })
}

/// Whether `word` is a value as it stands: `true`, `false`, `null` or a number.
fn is_literal(word: &str) -> bool {
    ["true", "false", "null"]
        .iter()
        .any(|l| word.eq_ignore_ascii_case(l))
        || number(word).is_some()
}

/// `text` as a filter string (a JSON string literal).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

/// Operators people write from other languages.
fn operator_synonym(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().as_str() {
        "equals" | "is" => "eq",
        "contains" | "like" => "co",
        "startswith" | "starts" => "sw",
        "endswith" | "ends" => "ew",
        "exists" | "present" => "pr",
        _ => return None,
    })
}

/// Whether `kind` ends an operand that began at nesting level 0: a closing
/// bracket that was not opened after it, or `and`/`or` outside brackets.
/// Keeps `level`, the brackets opened since, up to date.
fn ends_operand(kind: &TokenKind<'_>, level: &mut usize) -> bool {
    match kind {
        TokenKind::LParen | TokenKind::LBracket => {
            *level += 1;
            false
        }
        TokenKind::RParen | TokenKind::RBracket if *level == 0 => true,
        TokenKind::RParen | TokenKind::RBracket => {
            *level -= 1;
            false
        }
        TokenKind::Word(w) => {
            *level == 0 && (w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("or"))
        }
        _ => false,
    }
}
