-- device_keys.sql: the device key of every IP that forms a device, computed once for devices.sql
-- and observations.sql. Input: <resolved> (resolve.sql output). The key is the first stable
-- identifier seen on the IP (serial, then MAC, then ONVIF UUID) or, lacking one, the IP itself; only
-- IPs with at least one record attributed to a maker form devices.
SELECT ip,
  COALESCE('sn:' || max(serial), 'mac:' || max(mac), 'uuid:' || max(uuid), 'ip:' || ip) AS device
FROM {resolved}
WHERE ip IS NOT NULL
GROUP BY ip
HAVING count(maker) > 0
