//! Python's `repr(float)` and `json.dumps` of evaluated literals, so stored defaults and wirings read as hetida writes them.

use super::*;

/// Python's `repr(float)`: shortest round-trip digits, scientific outside 1e-4 ≤ |x| < 1e16.
pub(super) fn py_float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let sci = format!("{f:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if (-4..16).contains(&exponent) {
        let point = exponent + 1;
        let n = digits.len() as i32;
        let body = if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if point >= n {
            format!("{digits}{}.0", "0".repeat((point - n) as usize))
        } else {
            let (int, frac) = digits.split_at(point as usize);
            format!("{int}.{frac}")
        };
        format!("{sign}{body}")
    } else {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        format!("{sign}{first}{fraction}e{exp_sign}{:02}", exponent.abs())
    }
}

/// Python's `json.dumps` float spelling (`NaN`, `Infinity`, `-Infinity`, else `repr`).
pub(super) fn py_json_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else {
        py_float_repr(f)
    }
}

/// The string a dict key becomes in JSON (Python `json.dumps` rules).
pub(super) fn json_key(key: &Lit) -> Result<String, String> {
    match &key.kind {
        LitKind::Str(s) => Ok(s.clone()),
        LitKind::Int(i) => Ok(i.to_string()),
        LitKind::Float(f) => Ok(py_json_float(*f)),
        LitKind::Bool(b) => Ok(b.to_string()),
        LitKind::None => Ok("null".to_string()),
        other => Err(format!(
            "keys must be str, int, float, bool or None, not {}",
            other.type_name()
        )),
    }
}

/// Python's `json.dumps(v)` with default settings: `", "`/`": "` separators, ASCII-only.
pub(super) fn py_json_dumps(lit: &Lit, out: &mut String) -> Result<(), String> {
    match &lit.kind {
        LitKind::None => out.push_str("null"),
        LitKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        LitKind::Int(i) => out.push_str(&i.to_string()),
        LitKind::Float(f) => out.push_str(&py_json_float(*f)),
        LitKind::Str(s) => py_json_string(s, out),
        LitKind::Tuple(items) | LitKind::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                py_json_dumps(item, out)?;
            }
            out.push(']');
        }
        LitKind::Dict(entries) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                py_json_string(&json_key(key)?, out);
                out.push_str(": ");
                py_json_dumps(value, out)?;
            }
            out.push('}');
        }
        other => {
            return Err(format!(
                "Object of type {} is not JSON serializable",
                other.type_name()
            ))
        }
    }
    Ok(())
}

/// A JSON string as Python's `json.dumps` writes it (`ensure_ascii=True`).
pub(super) fn py_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

/// A literal as a JSON value (tuples become arrays, keys strings as in `json.dumps`).
pub(super) fn to_json(lit: &Lit) -> Result<Json, String> {
    Ok(match &lit.kind {
        LitKind::None => Json::Null,
        LitKind::Bool(b) => Json::Bool(*b),
        LitKind::Int(i) => {
            if let Ok(v) = i64::try_from(*i) {
                Json::from(v)
            } else if let Ok(v) = u64::try_from(*i) {
                Json::from(v)
            } else {
                return Err(format!("integer {i} does not fit into JSON"));
            }
        }
        LitKind::Float(f) => serde_json::Number::from_f64(*f)
            .map(Json::Number)
            .ok_or_else(|| format!("{} is not valid JSON", py_json_float(*f)))?,
        LitKind::Str(s) => Json::String(s.clone()),
        LitKind::Tuple(items) | LitKind::List(items) => {
            Json::Array(items.iter().map(to_json).collect::<Result<_, _>>()?)
        }
        LitKind::Dict(entries) => {
            let mut map = Map::new();
            for (key, value) in entries {
                map.insert(json_key(key)?, to_json(value)?);
            }
            Json::Object(map)
        }
        other => {
            return Err(format!(
                "Object of type {} is not JSON serializable",
                other.type_name()
            ))
        }
    })
}

// ---------------------------------------------------------------------------------------------
// SHA-512 (FIPS 180-4) and MT19937 for `seeded_uuid`
// ---------------------------------------------------------------------------------------------

pub(super) const SHA512_H0: [u64; 8] = [
    0x6a09_e667_f3bc_c908,
    0xbb67_ae85_84ca_a73b,
    0x3c6e_f372_fe94_f82b,
    0xa54f_f53a_5f1d_36f1,
    0x510e_527f_ade6_82d1,
    0x9b05_688c_2b3e_6c1f,
    0x1f83_d9ab_fb41_bd6b,
    0x5be0_cd19_137e_2179,
];
pub(super) const SHA512_K: [u64; 80] = [
    0x428a_2f98_d728_ae22,
    0x7137_4491_23ef_65cd,
    0xb5c0_fbcf_ec4d_3b2f,
    0xe9b5_dba5_8189_dbbc,
    0x3956_c25b_f348_b538,
    0x59f1_11f1_b605_d019,
    0x923f_82a4_af19_4f9b,
    0xab1c_5ed5_da6d_8118,
    0xd807_aa98_a303_0242,
    0x1283_5b01_4570_6fbe,
    0x2431_85be_4ee4_b28c,
    0x550c_7dc3_d5ff_b4e2,
    0x72be_5d74_f27b_896f,
    0x80de_b1fe_3b16_96b1,
    0x9bdc_06a7_25c7_1235,
    0xc19b_f174_cf69_2694,
    0xe49b_69c1_9ef1_4ad2,
    0xefbe_4786_384f_25e3,
    0x0fc1_9dc6_8b8c_d5b5,
    0x240c_a1cc_77ac_9c65,
    0x2de9_2c6f_592b_0275,
    0x4a74_84aa_6ea6_e483,
    0x5cb0_a9dc_bd41_fbd4,
    0x76f9_88da_8311_53b5,
    0x983e_5152_ee66_dfab,
    0xa831_c66d_2db4_3210,
    0xb003_27c8_98fb_213f,
    0xbf59_7fc7_beef_0ee4,
    0xc6e0_0bf3_3da8_8fc2,
    0xd5a7_9147_930a_a725,
    0x06ca_6351_e003_826f,
    0x1429_2967_0a0e_6e70,
    0x27b7_0a85_46d2_2ffc,
    0x2e1b_2138_5c26_c926,
    0x4d2c_6dfc_5ac4_2aed,
    0x5338_0d13_9d95_b3df,
    0x650a_7354_8baf_63de,
    0x766a_0abb_3c77_b2a8,
    0x81c2_c92e_47ed_aee6,
    0x9272_2c85_1482_353b,
    0xa2bf_e8a1_4cf1_0364,
    0xa81a_664b_bc42_3001,
    0xc24b_8b70_d0f8_9791,
    0xc76c_51a3_0654_be30,
    0xd192_e819_d6ef_5218,
    0xd699_0624_5565_a910,
    0xf40e_3585_5771_202a,
    0x106a_a070_32bb_d1b8,
    0x19a4_c116_b8d2_d0c8,
    0x1e37_6c08_5141_ab53,
    0x2748_774c_df8e_eb99,
    0x34b0_bcb5_e19b_48a8,
    0x391c_0cb3_c5c9_5a63,
    0x4ed8_aa4a_e341_8acb,
    0x5b9c_ca4f_7763_e373,
    0x682e_6ff3_d6b2_b8a3,
    0x748f_82ee_5def_b2fc,
    0x78a5_636f_4317_2f60,
    0x84c8_7814_a1f0_ab72,
    0x8cc7_0208_1a64_39ec,
    0x90be_fffa_2363_1e28,
    0xa450_6ceb_de82_bde9,
    0xbef9_a3f7_b2c6_7915,
    0xc671_78f2_e372_532b,
    0xca27_3ece_ea26_619c,
    0xd186_b8c7_21c0_c207,
    0xeada_7dd6_cde0_eb1e,
    0xf57d_4f7f_ee6e_d178,
    0x06f0_67aa_7217_6fba,
    0x0a63_7dc5_a2c8_98a6,
    0x113f_9804_bef9_0dae,
    0x1b71_0b35_131c_471b,
    0x28db_77f5_2304_7d84,
    0x32ca_ab7b_40c7_2493,
    0x3c9e_be0a_15c9_bebc,
    0x431d_67c4_9c10_0d4c,
    0x4cc5_d4be_cb3e_42b6,
    0x597f_299c_fc65_7e2a,
    0x5fcb_6fab_3ad6_faec,
    0x6c44_198c_4a47_5817,
];
