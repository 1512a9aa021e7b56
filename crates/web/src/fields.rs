//! Form and query fields as name–value pairs, in order, so that repeated
//! fields (`buurt=…&buurt=…`, `plan=…&plan=…`) keep every value.

pub(crate) struct Fields(Vec<(String, String)>);

impl Fields {
    /// An `application/x-www-form-urlencoded` body or query string; unreadable text has no fields.
    pub(crate) fn parse(text: Option<&str>) -> Fields {
        Fields(serde_urlencoded::from_str(text.unwrap_or("")).unwrap_or_default())
    }

    pub(crate) fn one(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// A field's value trimmed, empty when absent.
    pub(crate) fn text(&self, name: &str) -> String {
        self.one(name).unwrap_or("").trim().to_string()
    }

    /// Every value of a repeated field, in order.
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    pub(crate) fn has(&self, name: &str, value: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && v == value)
    }
}
