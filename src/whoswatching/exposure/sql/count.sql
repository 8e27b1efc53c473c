-- count.sql: counts per maker and the chosen dimension, each unit stated.
-- Input: <devices> (maker_devices.sql: one row per device, with its ips and services). Units: ips =
-- distinct IP addresses (the seed's "networks"), services = distinct IP:port/transport whose own
-- record named the maker, devices = distinct device keys (devices.sql). CVE columns count devices by
-- worst status. Every dimension and filter is a device attribute and an IP belongs to exactly one
-- device (device_keys.sql), so a group's distinct IPs and services are the sums over its devices.
-- <dimensions>: the grouping columns (may be empty), <where>: an optional filter.
SELECT maker{dimensions_select},
  CAST(sum(ips) AS BIGINT) AS ips,
  CAST(sum(services) AS BIGINT) AS services,
  count(*) AS devices,
  count(CASE WHEN cve_status = 'affected' THEN 1 END) AS devices_affected,
  count(CASE WHEN cve_status = 'likely' THEN 1 END) AS devices_likely,
  count(CASE WHEN cve_status = 'unknown' THEN 1 END) AS devices_unknown,
  count(CASE WHEN known_exploited THEN 1 END) AS devices_known_exploited
FROM {devices}
WHERE {where}
GROUP BY maker{dimensions_group}
