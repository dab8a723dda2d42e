//! The syntax tree of an Okta expression and its canonical printer.

use std::fmt;

use crate::mapping::TextRange;

/// One node of an Okta expression, with the byte range it covers.
pub type Expr = crate::mapping::language::Node<ExprKind>;

/// The kinds of node of the supported subset (idp-facts §4.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExprKind {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer literal.
    Int(i64),
    /// A decimal literal, as written (`3.141`).
    Num(String),
    /// A string literal (quotes removed, doubled quotes undone).
    Str(String),
    /// `{a, b, c}`.
    Array(Vec<Expr>),
    /// A dotted reference such as `user.firstName` (segments in order).
    Ref(Vec<String>),
    /// A function call; `name` is the dotted name (`String.append`).
    Call(Call),
    /// `target.name` on something that is not a plain reference
    /// (`getManagerUser("ad").lastName`).
    Member(Box<Expr>, String),
    /// A unary operator.
    Unary(UnaryOp, Box<Expr>),
    /// A binary operator.
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `cond ? then : else`.
    Ternary(Box<Expr>, Box<Expr>, Box<Expr>),
}

/// A function call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The dotted name as written (`String.toUpperCase`, `toUpperCase`).
    pub name: String,
    /// Where the name is.
    pub name_range: TextRange,
    /// The arguments.
    pub args: Vec<Expr>,
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `!`
    Not,
    /// `-`
    Neg,
}

/// Binary operators, from loosest to tightest binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `OR` / `||`
    Or,
    /// `AND` / `&&`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `>=`
    Ge,
    /// `+` (concatenation or addition)
    Add,
    /// `-`
    Sub,
}

impl BinaryOp {
    /// The operator as printed.
    pub const fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Or => "OR",
            BinaryOp::And => "AND",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Gt => ">",
            BinaryOp::Le => "<=",
            BinaryOp::Ge => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
        }
    }

    /// Binding strength (higher binds tighter).
    pub(crate) const fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 2,
            BinaryOp::And => 3,
            BinaryOp::Eq | BinaryOp::Ne => 4,
            BinaryOp::Lt | BinaryOp::Gt | BinaryOp::Le | BinaryOp::Ge => 5,
            BinaryOp::Add | BinaryOp::Sub => 6,
        }
    }
}

impl Expr {
    fn precedence(&self) -> u8 {
        match &self.kind {
            ExprKind::Ternary(..) => 1,
            ExprKind::Binary(op, ..) => op.precedence(),
            ExprKind::Unary(..) => 7,
            _ => 8,
        }
    }
}

fn write_string(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    write!(f, "\"{}\"", s.replace('"', "\"\""))
}

/// Writes `e`, in parentheses when it binds looser than `min`.
fn write_operand(f: &mut fmt::Formatter<'_>, e: &Expr, min: u8) -> fmt::Result {
    if e.precedence() < min {
        write!(f, "({e})")
    } else {
        write!(f, "{e}")
    }
}

/// The canonical form: double-quoted strings, spaced operators, `AND`/`OR`
/// for both spellings, and only the parentheses precedence needs.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |f: &mut fmt::Formatter<'_>, items: &[Expr]| -> fmt::Result {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{item}")?;
            }
            Ok(())
        };
        match &self.kind {
            ExprKind::Null => f.write_str("null"),
            ExprKind::Bool(b) => write!(f, "{b}"),
            ExprKind::Int(n) => write!(f, "{n}"),
            ExprKind::Num(n) => f.write_str(n),
            ExprKind::Str(s) => write_string(f, s),
            ExprKind::Array(items) => {
                f.write_str("{")?;
                list(f, items)?;
                f.write_str("}")
            }
            ExprKind::Ref(path) => f.write_str(&path.join(".")),
            ExprKind::Call(call) => {
                write!(f, "{}(", call.name)?;
                list(f, &call.args)?;
                f.write_str(")")
            }
            ExprKind::Member(target, name) => {
                write_operand(f, target, 8)?;
                write!(f, ".{name}")
            }
            ExprKind::Unary(op, operand) => {
                f.write_str(match op {
                    UnaryOp::Not => "!",
                    UnaryOp::Neg => "-",
                })?;
                write_operand(f, operand, 7)
            }
            ExprKind::Binary(op, left, right) => {
                let p = op.precedence();
                write_operand(f, left, p)?;
                write!(f, " {} ", op.as_str())?;
                // Left-associative: an equal-precedence right operand needs parentheses.
                write_operand(f, right, p + 1)
            }
            ExprKind::Ternary(cond, then, otherwise) => {
                write_operand(f, cond, 2)?;
                f.write_str(" ? ")?;
                write_operand(f, then, 2)?;
                f.write_str(" : ")?;
                write_operand(f, otherwise, 1)
            }
        }
    }
}
