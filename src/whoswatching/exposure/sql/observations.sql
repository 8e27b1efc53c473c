-- observations.sql: every record of a device, carrying the device's attributes and CVE position.
-- Inputs: <resolved>, <keys> (device_keys.sql), <devices> (maker_devices.sql). Each record's device
-- is its IP's key in <keys>, as in devices.sql. An export (observations.parquet) for following a
-- count back to the records behind it; the counts themselves come from maker_devices.sql.
SELECT r.input, r.record, r.ip, r.port, r.transport, r.maker AS record_maker,
  d.device, d.maker, d.brand, d.product, d.model, d.firmware, d.country, d.city, d.asn, d.org,
  d.cve_status, d.known_exploited, d.cve_ids
FROM {resolved} r
JOIN {keys} k ON r.ip = k.ip
JOIN {devices} d ON d.device = k.device
