//! The syntax tree of an Entra expression and its canonical printer.

use std::fmt;

use crate::mapping::TextRange;

/// One node of an Entra expression, with the byte range it covers.
pub type Expr = crate::mapping::language::Node<ExprKind>;

/// The kinds of node the grammar has (idp-facts §2.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExprKind {
    /// `Name(arg, , arg)`: a function call; arguments may be left empty.
    Call(Call),
    /// `[attributeName]`: a source attribute.
    Attribute(String),
    /// `"text"`: a string literal (already unescaped).
    String(String),
    /// `42`, `-10`: an integer literal. Entra passes numbers as strings; the
    /// value is kept as a number only to print it back.
    Integer(i64),
    /// `&HF7`: a hexadecimal integer literal.
    Hex(u64),
    /// `vbTextCompare` / `vbBinaryCompare`, InStr's comparison mode.
    Compare(CompareMode),
    /// `left op right`, allowed as IIF's condition and CBool's argument.
    Comparison(Box<Comparison>),
}

/// A function call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The function name as written (names are case-sensitive).
    pub name: String,
    /// Where the name is.
    pub name_range: TextRange,
    /// The positional arguments, empty ones included.
    pub args: Vec<Argument>,
}

/// One positional argument: an expression, or nothing (`Replace([x], , "re", …)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Argument {
    /// The argument, or `None` when it was left empty.
    pub expr: Option<Expr>,
    /// Where the argument is; for an empty argument, the gap between its commas.
    pub range: TextRange,
}

/// A comparison `left op right`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// The operator.
    pub op: CompareOp,
    /// Left operand.
    pub left: Expr,
    /// Right operand.
    pub right: Expr,
}

/// The comparison operators of IIF conditions: `= <> > >= < <=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `=`
    Eq,
    /// `<>`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
}

impl CompareOp {
    /// The operator as written.
    pub const fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "=",
            CompareOp::Ne => "<>",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
        }
    }
}

/// InStr's comparison mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareMode {
    /// `vbTextCompare`: case-insensitive.
    Text,
    /// `vbBinaryCompare`: case-sensitive (the default).
    Binary,
}

impl CompareMode {
    /// The enum name as written in expressions.
    pub const fn as_str(self) -> &'static str {
        match self {
            CompareMode::Text => "vbTextCompare",
            CompareMode::Binary => "vbBinaryCompare",
        }
    }
}

/// Writes a string literal with the two escapes the grammar has.
pub(crate) fn write_string(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        match c {
            '\\' => f.write_str("\\\\")?,
            '"' => f.write_str("\\\"")?,
            c => write!(f, "{c}")?,
        }
    }
    f.write_str("\"")
}

/// The canonical form: one space after each comma, none inside brackets,
/// empty arguments printed as nothing (`Replace([x], , "re", , "", , )`).
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Call(call) => {
                write!(f, "{}(", call.name)?;
                for (i, arg) in call.args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    if let Some(expr) = &arg.expr {
                        write!(f, "{expr}")?;
                    }
                }
                f.write_str(")")
            }
            ExprKind::Attribute(name) => write!(f, "[{name}]"),
            ExprKind::String(s) => write_string(f, s),
            ExprKind::Integer(n) => write!(f, "{n}"),
            ExprKind::Hex(n) => write!(f, "&H{n:X}"),
            ExprKind::Compare(mode) => f.write_str(mode.as_str()),
            ExprKind::Comparison(c) => write!(f, "{} {} {}", c.left, c.op.as_str(), c.right),
        }
    }
}
