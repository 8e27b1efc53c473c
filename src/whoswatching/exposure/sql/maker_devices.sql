-- maker_devices.sql: every device attributed to a maker, with its CVE position; what count.sql counts.
-- Inputs: <devices> (devices.sql), cve_map(maker, model, firmware, cve_status, known_exploited,
-- cve_ids) computed by the catalogue for the distinct triples seen. A triple the catalogue knows
-- nothing against is 'not_affected'; unknown firmware gets 'unknown' or 'likely' from the catalogue,
-- never 'affected'.
SELECT d.device, d.maker, d.brand, d.product, d.model, d.firmware, d.confidence,
  d.country, d.city, d.asn, d.org, d.ips, d.services, d.records,
  COALESCE(v.cve_status, 'not_affected') AS cve_status,
  COALESCE(v.known_exploited, false) AS known_exploited,
  v.cve_ids
FROM {devices} d
LEFT JOIN cve_map v
  ON v.maker = d.maker
  AND v.model IS NOT DISTINCT FROM d.model
  AND v.firmware IS NOT DISTINCT FROM d.firmware
WHERE d.maker IS NOT NULL
