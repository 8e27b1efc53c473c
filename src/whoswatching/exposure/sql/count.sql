-- count.sql: counts per maker and the chosen dimension, each unit stated.
-- Input: <observations> (observations.sql). Units: ips = distinct IP addresses (the seed's
-- "networks"), services = distinct IP:port/transport whose own record named the maker, devices =
-- distinct device keys (devices.sql). CVE columns count devices by worst status.
-- <dimensions>: the grouping columns (may be empty), <where>: an optional filter.
SELECT maker{dimensions_select},
  count(DISTINCT ip) AS ips,
  count(DISTINCT CASE WHEN record_maker IS NOT NULL THEN concat_ws(':', ip, CAST(port AS STRING), transport) END) AS services,
  count(DISTINCT device) AS devices,
  count(DISTINCT CASE WHEN cve_status = 'affected' THEN device END) AS devices_affected,
  count(DISTINCT CASE WHEN cve_status = 'likely' THEN device END) AS devices_likely,
  count(DISTINCT CASE WHEN cve_status = 'unknown' THEN device END) AS devices_unknown,
  count(DISTINCT CASE WHEN known_exploited THEN device END) AS devices_known_exploited
FROM {observations}
WHERE {where}
GROUP BY maker{dimensions_group}
