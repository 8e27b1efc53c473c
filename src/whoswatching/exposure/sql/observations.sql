-- observations.sql: every record of a device, carrying the device's attributes and CVE position.
-- Inputs: <resolved>, <devices> (devices.sql), cve_map(maker, model, firmware, cve_status,
-- known_exploited, cve_ids) computed by the catalogue for the distinct triples seen. The device key
-- is recomputed with the same expression as devices.sql.
WITH ids AS (
  SELECT ip, max(serial) AS serial, max(mac) AS mac, max(uuid) AS uuid
  FROM {resolved}
  WHERE ip IS NOT NULL
  GROUP BY ip
  HAVING count(maker) > 0
)
SELECT r.ip, r.port, r.transport, r.maker AS record_maker,
  d.device, d.maker, d.brand, d.product, d.model, d.firmware, d.country, d.city, d.asn, d.org,
  COALESCE(v.cve_status, 'not_affected') AS cve_status,
  COALESCE(v.known_exploited, false) AS known_exploited,
  v.cve_ids
FROM {resolved} r
JOIN ids i ON r.ip = i.ip
JOIN {devices} d
  ON d.device = COALESCE('sn:' || i.serial, 'mac:' || i.mac, 'uuid:' || i.uuid, 'ip:' || r.ip)
LEFT JOIN cve_map v
  ON v.maker = d.maker
  AND v.model IS NOT DISTINCT FROM d.model
  AND v.firmware IS NOT DISTINCT FROM d.firmware
WHERE d.maker IS NOT NULL
