-- observations.sql: every record of a device, carrying the device's attributes and CVE position.
-- Inputs: <resolved>, <keys> (device_keys.sql), <devices> (devices.sql), cve_map(maker, model,
-- firmware, cve_status, known_exploited, cve_ids) computed by the catalogue for the distinct triples
-- seen. Each record's device is its IP's key in <keys>, as in devices.sql.
SELECT r.ip, r.port, r.transport, r.maker AS record_maker,
  d.device, d.maker, d.brand, d.product, d.model, d.firmware, d.country, d.city, d.asn, d.org,
  COALESCE(v.cve_status, 'not_affected') AS cve_status,
  COALESCE(v.known_exploited, false) AS known_exploited,
  v.cve_ids
FROM {resolved} r
JOIN {keys} k ON r.ip = k.ip
JOIN {devices} d ON d.device = k.device
LEFT JOIN cve_map v
  ON v.maker = d.maker
  AND v.model IS NOT DISTINCT FROM d.model
  AND v.firmware IS NOT DISTINCT FROM d.firmware
WHERE d.maker IS NOT NULL
