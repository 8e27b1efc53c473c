-- classify.sql: fingerprint every normalised record with the compiled rule set.
-- Input: <source> (normalised records, columns of exposure/records.py).
-- <matches>: one boolean m<i> per rule; <yields>: rule_maker, brand, product, model, firmware,
-- serial, mac, uuid, rule_confidence, rules_fired (first fired rule in priority order wins).
-- Same text runs on DuckDB and Spark SQL; the compiler (compile.py) writes dialect-specific regex calls.
WITH matched AS (
  SELECT *,
  {matches}
  FROM {source}
)
SELECT input, record, format, ip, port, transport, timestamp, country, city, asn, org,
  {yields}
FROM matched
