-- normalise_shodan.sql: Shodan JSON lines -> normalised records, inside DuckDB (the fast path).
-- Input: one file read with read_json and an explicit column list (unknown keys ignored on purpose),
-- in file order (preserve_insertion_order on) so that record = line ordinal of each object.
-- <record>/<ordinality>: `ordinality` / `WITH ORDINALITY` numbers lines in the scan (a streaming
-- window: one thread); NULL / empty leaves the scan parallel and fast.py numbers the rows afterwards
-- from the rowid of the table they were inserted into in file order.
-- Mirrors ingest/shodan.py and records.derive(); tests/exposure/test_snapshots.py keeps them identical.
-- <path>, <compression>, <input>: filled by fast.py. DuckDB only (read_json has no Spark twin).
WITH raw AS (
  SELECT {record} AS record, *
  FROM read_json({path}, format = 'newline_delimited', compression = {compression},
    maximum_object_size = 16777216,
    columns = {{
      ip_str: 'VARCHAR', ip: 'UBIGINT', port: 'INTEGER', transport: 'VARCHAR', timestamp: 'VARCHAR',
      data: 'VARCHAR', asn: 'VARCHAR', org: 'VARCHAR',
      location: 'STRUCT(country_code VARCHAR, city VARCHAR)',
      http: 'STRUCT(server VARCHAR, title VARCHAR, html VARCHAR, favicon STRUCT(hash BIGINT))',
      ssl: 'STRUCT(cert STRUCT(subject STRUCT(C VARCHAR, ST VARCHAR, L VARCHAR, O VARCHAR, OU VARCHAR, CN VARCHAR)))',
      snmp: 'STRUCT(description VARCHAR)'
    }}) {ordinality}
),
base AS (
  SELECT record,
    COALESCE(nullif(ip_str, ''), CASE WHEN ip IS NOT NULL THEN concat_ws('.', (ip // 16777216) % 256, (ip // 65536) % 256, (ip // 256) % 256, ip % 256) END) AS ip,
    port, nullif(transport, '') AS transport, nullif("timestamp", '') AS "timestamp",
    nullif(asn, '') AS asn, nullif(org, '') AS org, nullif(data, '') AS data,
    nullif(location.country_code, '') AS country, nullif(location.city, '') AS city,
    nullif(http.server, '') AS http_server, nullif(http.title, '') AS http_title, nullif(http.html, '') AS http_html,
    CAST(http.favicon.hash AS VARCHAR) AS favicon_mmh3,
    CASE WHEN ssl.cert.subject IS NOT NULL THEN
      nullif(concat_ws(', ', 'C=' || nullif(ssl.cert.subject.C, ''), 'ST=' || nullif(ssl.cert.subject.ST, ''),
      'L=' || nullif(ssl.cert.subject.L, ''), 'O=' || nullif(ssl.cert.subject.O, ''),
      'OU=' || nullif(ssl.cert.subject.OU, ''), 'CN=' || nullif(ssl.cert.subject.CN, '')), '') END AS tls_subject,
    nullif(snmp.description, '') AS snmp,
    starts_with(nullif(data, ''), 'RTSP/') AS is_rtsp
  FROM raw
),
-- Headers: records.py's HEADER_* regex takes the first line that starts with the name, any case,
-- and the rest of that line less leading blanks. The same here without a regex: the first "\n" +
-- name in "\n" + lower(data) (lower() maps characters one to one, so positions agree) is where the
-- name starts in data. Positions are NULL where a header is not needed (Server only for RTSP or when
-- http.server is absent; each header for HTTP or for RTSP), and the string functions pass NULL
-- through, so the values are only cut out where used, with no CASE over strings.
located AS (
  SELECT *,
    nullif(strpos(low, chr(10) || 'server:'), 0) AS server_at,
    nullif(strpos(low, chr(10) || 'www-authenticate:'), 0) AS auth_at,
    CASE WHEN is_rtsp THEN 0 END AS rtsp0,
    CASE WHEN is_rtsp THEN NULL ELSE 0 END AS http0
  FROM (SELECT *, lower(chr(10) || data) AS low FROM base)
),
headers AS (
  SELECT *,
    nullif(ltrim(split_part(split_part(substr(data, server_at + http0 + CASE WHEN http_server IS NULL THEN 7 END), chr(10), 1), chr(13), 1), ' ' || chr(9)), '') AS http_server_header,
    nullif(ltrim(split_part(split_part(substr(data, auth_at + http0 + 17), chr(10), 1), chr(13), 1), ' ' || chr(9)), '') AS http_auth,
    nullif(ltrim(split_part(split_part(substr(data, server_at + rtsp0 + 7), chr(10), 1), chr(13), 1), ' ' || chr(9)), '') AS rtsp_server,
    nullif(ltrim(split_part(split_part(substr(data, auth_at + rtsp0 + 17), chr(10), 1), chr(13), 1), ' ' || chr(9)), '') AS rtsp_auth
  FROM located
)
SELECT CAST({input} AS INTEGER) AS input, CAST(record AS BIGINT) AS record, 'shodan' AS format, ip, port, transport, "timestamp",
  -- Country and ASN: the common forms ("GB", "AS2856") are already normal and skip the string work.
  CASE WHEN country GLOB '[A-Z][A-Z]' THEN country ELSE nullif(upper(left(trim(country), 2)), '') END AS country, city,
  CASE WHEN asn GLOB 'AS[0-9]*' AND NOT contains(asn, ' ') AND asn = upper(asn) THEN asn
    WHEN trim(asn) = '' THEN NULL WHEN upper(trim(asn)) LIKE 'AS%' THEN upper(trim(asn)) ELSE 'AS' || upper(trim(asn)) END AS asn,
  org,
  CASE WHEN strlen(data) <= {max_text} THEN data ELSE substring(data, 1, {max_text}) END AS banner,
  COALESCE(http_server, http_server_header) AS http_server,
  http_auth,
  http_title,
  CASE WHEN strlen(http_html) <= {max_text} THEN http_html ELSE substring(http_html, 1, {max_text}) END AS http_html,
  CAST(NULL AS VARCHAR) AS favicon_md5,
  favicon_mmh3,
  tls_subject,
  rtsp_server,
  rtsp_auth,
  CASE WHEN contains(data, 'ProbeMatch') THEN CASE WHEN strlen(data) <= {max_text} THEN data ELSE substring(data, 1, {max_text}) END END AS onvif,
  snmp
FROM headers
