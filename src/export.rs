//! CSV that spreadsheets open safely: UTF-8 with a byte-order mark (so Excel
//! reads Chinese), RFC 4180 quoting, and formulas neutralised (a cell that
//! starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with
//! `'`, so a customer's name can never run as a formula on a staff machine).

/// Starts every file: Excel takes a file without it for the local code page.
pub const BOM: &str = "\u{feff}";

/// One line of cells, ending in CRLF as RFC 4180 says.
pub fn row<I, S>(cells: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut line = String::new();
    for (i, raw) in cells.into_iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        push_cell(&mut line, raw.as_ref());
    }
    line.push_str("\r\n");
    line
}

fn push_cell(line: &mut String, raw: &str) {
    let formula = raw.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted = formula || raw.contains([',', '"', '\n', '\r']) || raw.trim() != raw;
    if quoted {
        line.push('"');
    }
    if formula {
        line.push('\'');
    }
    for c in raw.chars() {
        if c == '"' {
            line.push('"');
        }
        line.push(c);
    }
    if quoted {
        line.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_cells_stay_plain_and_chinese_is_untouched() {
        assert_eq!(row(["李伟", "13800000002", "沪A12345"]), "李伟,13800000002,沪A12345\r\n");
        assert_eq!(row(Vec::<String>::new()), "\r\n");
        assert!(BOM.as_bytes() == [0xEF, 0xBB, 0xBF]);
    }

    #[test]
    fn commas_quotes_and_newlines_are_quoted() {
        assert_eq!(row(["a,b", "say \"hi\"", "two\nlines", ""]), "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
        assert_eq!(row([" padded "]), "\" padded \"\r\n");
    }

    #[test]
    fn formulas_are_neutralised_whatever_they_start_with() {
        assert_eq!(row(["=HYPERLINK(\"http://x\")"]), "\"'=HYPERLINK(\"\"http://x\"\")\"\r\n");
        for raw in ["+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            let line = row([raw]);
            assert!(line.starts_with("\"'"), "{raw:?} became {line:?}");
        }
        // Inside a cell the characters are harmless.
        assert_eq!(row(["a=b", "1-2"]), "a=b,1-2\r\n");
    }
}
