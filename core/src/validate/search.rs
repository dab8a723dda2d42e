//! The expressions inside a SearchRequest: `filter` (by the filter grammar),
//! `sortBy` and the `attributes`/`excludedAttributes` lists (attribute paths).

use super::walker::Walker;
use crate::diagnostics::Code;
use crate::filter::{parse_attr_path, parse_filter};
use crate::json::Node;

impl<'r, 'a> Walker<'r, 'a> {
    /// Parses the filter and attribute paths of a SearchRequest and resolves
    /// the paths against the resource type when one is known.
    pub(crate) fn search_expressions(&mut self, node: &Node<'a>, resource_type: Option<&str>) {
        let registry = self.registry;
        let rt = resource_type.and_then(|n| registry.resource_type(n));
        if let Some(filter) = node.get_ignore_case("filter") {
            if let Some(text) = filter.as_str() {
                self.ptr.push_key("filter");
                if let Err(errors) = parse_filter(&text) {
                    self.embed(errors, filter, Code::FilterSyntax);
                }
                self.ptr.pop();
            }
        }
        if let Some(sort_by) = node.get_ignore_case("sortBy") {
            self.ptr.push_key("sortBy");
            self.search_path(sort_by, rt);
            self.ptr.pop();
        }
        for list in ["attributes", "excludedAttributes"] {
            let Some(items) = node.get_ignore_case(list).and_then(Node::as_array) else {
                continue;
            };
            self.ptr.push_key(list);
            for (i, item) in items.iter().enumerate() {
                self.ptr.push_index(i);
                self.search_path(item, rt);
                self.ptr.pop();
            }
            self.ptr.pop();
        }
    }

    fn search_path(&mut self, node: &Node<'a>, rt: Option<&'r crate::schema::ResourceType>) {
        let Some(text) = node.as_str() else { return };
        match parse_attr_path(&text) {
            Err(errors) => self.embed(errors, node, Code::SearchInvalid),
            Ok(path) => {
                if let Some(rt) = rt {
                    if let Err(e) = self.registry.resolve(rt, &path) {
                        self.emit(Code::FilterUnknownAttribute, node, e.message(&rt.name))
                            .help = e.help();
                    }
                }
            }
        }
    }
}
