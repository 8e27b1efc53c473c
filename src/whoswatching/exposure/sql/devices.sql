-- devices.sql: one row per device, deduplicated across ports, inputs and IP changes.
-- Inputs: <resolved> (resolve.sql output), <keys> (device_keys.sql: ip -> device key, the first
-- stable identifier seen on the IP, serial then MAC then ONVIF UUID, else the IP itself); so one
-- serial on two IPs is one device, and every port of an IP belongs to the same device. Only IPs with
-- at least one record attributed to a maker form devices. Each attribute comes from the device's best evidence record:
-- the smallest <evidence> key (confidence desc with NULL last, input, record), and geography
-- (country, city, ASN, organisation) comes together, as one <geo> struct, from the largest <recency>
-- key (has a country, has a timestamp, timestamp, input, record): the newest record with a country.
-- (input, record) is unique, so the keys never tie and both engines choose the same row; one grouped
-- pass, no window. min_by is only used with a FILTER that drops NULLs, because DuckDB's min_by skips
-- NULL values and Spark's does not. Units (count.sql sums them): ips = distinct IPs of the device,
-- services = distinct IP:port/transport whose own record named a maker. <evidence>, <recency>, <geo>: struct constructors filled per
-- dialect by queries.py (DuckDB struct_pack, Spark named_struct).
WITH keyed AS (
  SELECT r.*,
    k.device,
    {evidence} AS evidence,
    {recency} AS recency
  FROM {resolved} r
  JOIN {keys} k ON r.ip = k.ip
),
attributes AS (
SELECT device,
  min_by(maker, evidence) FILTER (WHERE maker IS NOT NULL) AS maker,
  min_by(brand, evidence) FILTER (WHERE brand IS NOT NULL) AS brand,
  min_by(product, evidence) FILTER (WHERE product IS NOT NULL) AS product,
  min_by(model, evidence) FILTER (WHERE model IS NOT NULL) AS model,
  min_by(firmware, evidence) FILTER (WHERE firmware IS NOT NULL) AS firmware,
  max(confidence) AS confidence,
  max_by({geo}, recency) AS geo,
  count(DISTINCT ip) AS ips,
  count(DISTINCT CASE WHEN maker IS NOT NULL THEN concat_ws(':', ip, CAST(port AS STRING), transport) END) AS services,
  count(*) AS records
FROM keyed
GROUP BY device
)
SELECT device, maker, brand, product, model, firmware, confidence,
  geo.country AS country, geo.city AS city, geo.asn AS asn, geo.org AS org, ips, services, records
FROM attributes
