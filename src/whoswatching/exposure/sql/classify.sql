-- classify.sql: fingerprint every normalised record with the compiled rule set.
-- Input: <source> (normalised records, columns of exposure/records.py).
-- <gates>: one alternation g_<field> per field and the shared literal pre-filters n<k>; <fired>: m_any; <extracts>: x<i>_<g>, each capture group a template uses, extracted once where rule i fired; <matches>: one boolean m<i> per rule; <yields>: rule_maker, brand, product, model, firmware,
-- serial, mac, uuid, rule_confidence, rules_fired (first fired rule in priority order wins).
-- Same text runs on DuckDB and Spark SQL; the compiler (compile.py) writes dialect-specific regex calls.
WITH gated AS (
  SELECT *,
  {gates}
  FROM {source}
),
matched AS (
  SELECT *,
  {matches}
  FROM gated
),
fired AS (
  SELECT *, {fired} FROM matched
),
extracted AS (
  SELECT *,
  {extracts}
  FROM fired
)
SELECT input, record, format, ip, port, transport, timestamp, country, city, asn, org,
  {yields}
FROM extracted
