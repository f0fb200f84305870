//! The source and sink ids of the SQL adapter (hetida-compat §10): `<key>/query`,
//! `<key>/table/<t>`, `<key>/ts_table/<t>`, `<key>/append_table/<t>`,
//! `<key>/replace_table/<t>`, `<key>/appendable_ts_table/<t>`.

/// What an id names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqlRef<'a> {
    /// A free query (`sql_query` filter).
    Query,
    /// A whole table, as DATAFRAME.
    Table(&'a str),
    /// A time-series table, as MULTITSFRAME.
    TsTable(&'a str),
    /// Rows appended to a table.
    AppendTable(&'a str),
    /// A table replaced by the frame.
    ReplaceTable(&'a str),
    /// Rows appended to a time-series table.
    AppendableTsTable(&'a str),
}

/// Splits an id into the database key and what it names.
pub fn parse(id: &str) -> Option<(&str, SqlRef<'_>)> {
    let (key, rest) = id.split_once('/')?;
    if rest == "query" {
        return Some((key, SqlRef::Query));
    }
    let (kind, table) = rest.split_once('/')?;
    if table.is_empty() {
        return None;
    }
    let r = match kind {
        "table" => SqlRef::Table(table),
        "ts_table" => SqlRef::TsTable(table),
        "append_table" => SqlRef::AppendTable(table),
        "replace_table" => SqlRef::ReplaceTable(table),
        "appendable_ts_table" => SqlRef::AppendableTsTable(table),
        _ => return None,
    };
    Some((key, r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_split() {
        assert_eq!(parse("db/query"), Some(("db", SqlRef::Query)));
        assert_eq!(parse("db/table/t1"), Some(("db", SqlRef::Table("t1"))));
        assert_eq!(
            parse("db/appendable_ts_table/ts"),
            Some(("db", SqlRef::AppendableTsTable("ts")))
        );
        assert_eq!(parse("db/table/"), None);
        assert_eq!(parse("db/view/x"), None);
        assert_eq!(parse("db"), None);
    }
}
