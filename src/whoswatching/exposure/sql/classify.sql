-- classify.sql: fingerprint every normalised record with the compiled rule set.
-- Input: <source> (normalised records, columns of exposure/records.py).
-- <gates>: one alternation g_<field> per field and the shared literal pre-filters n<k>;
-- <witnesses>: x<i>_<w>, the capture group that tells whether rule i matched (compile.witness_group);
-- <matches>: one boolean m<i> per rule; <fired>: m_any; <extracts>: x<i>_<g>, each other capture
-- group a template uses, extracted once where rule i fired; <yields>: rule_maker, brand, product,
-- model, firmware, serial, mac, uuid, rule_confidence, rules_fired (first fired rule in priority
-- order wins). Same text runs on DuckDB and Spark SQL; compile.py writes the dialect's regex calls.
WITH gated AS (
  SELECT *,
  {gates}
  FROM {source}
),
witnessed AS (
  SELECT *,
  {witnesses}
  FROM gated
),
matched AS (
  SELECT *,
  {matches}
  FROM witnessed
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
