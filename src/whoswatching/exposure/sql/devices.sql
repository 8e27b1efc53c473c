-- devices.sql: one row per device, deduplicated across ports, inputs and IP changes.
-- Input: <resolved> (resolve.sql output). A device key is the first stable identifier seen on the
-- IP (serial, then MAC, then ONVIF UUID) or, lacking one, the IP itself; so one serial on two IPs is
-- one device, and every port of an IP belongs to the same device. Only IPs with at least one record
-- attributed to a maker form devices. Attribute ties are broken by (confidence desc, input, record,
-- port) so both engines choose the same value; geography (country, city, ASN, organisation) comes
-- together from one record: the newest that has a country. min_by is only used with a FILTER that
-- drops NULLs, because DuckDB's min_by skips NULL values and Spark's does not.
WITH ids AS (
  SELECT ip,
    max(serial) AS serial, max(mac) AS mac, max(uuid) AS uuid
  FROM {resolved}
  WHERE ip IS NOT NULL
  GROUP BY ip
  HAVING count(maker) > 0
),
keyed0 AS (
  SELECT r.*,
    COALESCE('sn:' || i.serial, 'mac:' || i.mac, 'uuid:' || i.uuid, 'ip:' || r.ip) AS device
  FROM {resolved} r
  JOIN ids i ON r.ip = i.ip
),
keyed AS (
  SELECT *,
    row_number() OVER (
      PARTITION BY device
      ORDER BY confidence DESC, input, record, port, transport NULLS LAST
    ) AS evidence_rank,
    row_number() OVER (
      PARTITION BY device
      ORDER BY CASE WHEN country IS NULL THEN 1 ELSE 0 END, timestamp DESC NULLS LAST,
        input DESC, record DESC, port DESC, transport DESC NULLS LAST
    ) AS recency_rank
  FROM keyed0
),
geo AS (
  SELECT device, country, city, asn, org FROM keyed WHERE recency_rank = 1
),
attributes AS (
SELECT device,
  min_by(maker, evidence_rank) FILTER (WHERE maker IS NOT NULL) AS maker,
  min_by(brand, evidence_rank) FILTER (WHERE brand IS NOT NULL) AS brand,
  min_by(product, evidence_rank) FILTER (WHERE product IS NOT NULL) AS product,
  min_by(model, evidence_rank) FILTER (WHERE model IS NOT NULL) AS model,
  min_by(firmware, evidence_rank) FILTER (WHERE firmware IS NOT NULL) AS firmware,
  max(confidence) AS confidence,
  count(DISTINCT ip) AS ips,
  count(*) AS records
FROM keyed
GROUP BY device
)
SELECT a.device, a.maker, a.brand, a.product, a.model, a.firmware, a.confidence,
  g.country, g.city, g.asn, g.org, a.ips, a.records
FROM attributes a
JOIN geo g ON g.device = a.device
