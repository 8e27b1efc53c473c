-- devices.sql: one row per device, deduplicated across ports, inputs and IP changes.
-- Input: <resolved> (resolve.sql output). A device key is the first stable identifier seen on the
-- IP (serial, then MAC, then ONVIF UUID) or, lacking one, the IP itself; so one serial on two IPs is
-- one device, and every port of an IP belongs to the same device. Only IPs with at least one record
-- attributed to a maker form devices. Attribute ties are broken by (confidence desc, input, record,
-- port) so both engines choose the same value; geography comes from the newest record.
WITH ids AS (
  SELECT ip,
    max(serial) AS serial, max(mac) AS mac, max(uuid) AS uuid
  FROM {resolved}
  WHERE ip IS NOT NULL
  GROUP BY ip
  HAVING count(maker) > 0
),
keyed AS (
  SELECT r.*,
    COALESCE('sn:' || i.serial, 'mac:' || i.mac, 'uuid:' || i.uuid, 'ip:' || r.ip) AS device,
    row_number() OVER (
      PARTITION BY COALESCE('sn:' || i.serial, 'mac:' || i.mac, 'uuid:' || i.uuid, 'ip:' || r.ip)
      ORDER BY r.confidence DESC, r.input, r.record, r.port, r.transport
    ) AS evidence_rank,
    row_number() OVER (
      PARTITION BY COALESCE('sn:' || i.serial, 'mac:' || i.mac, 'uuid:' || i.uuid, 'ip:' || r.ip)
      ORDER BY r.timestamp DESC NULLS LAST, r.input DESC, r.record DESC, r.port DESC, r.transport DESC
    ) AS recency_rank
  FROM {resolved} r
  JOIN ids i ON r.ip = i.ip
)
SELECT device,
  min_by(maker, evidence_rank) FILTER (WHERE maker IS NOT NULL) AS maker,
  min_by(brand, evidence_rank) FILTER (WHERE brand IS NOT NULL) AS brand,
  min_by(product, evidence_rank) FILTER (WHERE product IS NOT NULL) AS product,
  min_by(model, evidence_rank) FILTER (WHERE model IS NOT NULL) AS model,
  min_by(firmware, evidence_rank) FILTER (WHERE firmware IS NOT NULL) AS firmware,
  max(confidence) AS confidence,
  min_by(country, recency_rank) AS country,
  min_by(city, recency_rank) AS city,
  min_by(asn, recency_rank) AS asn,
  min_by(org, recency_rank) AS org,
  count(DISTINCT ip) AS ips,
  count(*) AS records
FROM keyed
GROUP BY device
