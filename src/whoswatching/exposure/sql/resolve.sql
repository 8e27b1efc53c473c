-- resolve.sql: turn rule yields into the maker, through the catalogue's answers.
-- Inputs: <classified> (classify.sql output), brand_map(brand_key, maker, grade, factor) with every
-- brand whose evidence grade counts (weak brands are absent), oui_map(prefix, maker) with every MAC
-- block registered to a maker (6 hex digits for an MA-L, 7 for an MA-M, 9 for an MA-S).
-- Order as in fingerprint.py: rule maker, else brand maker, else OUI maker; among OUI blocks the
-- MA-L first, then the most specific block (as catalog.oui_maker).
SELECT c.input, c.record, c.format, c.ip, c.port, c.transport, c.timestamp, c.country, c.city, c.asn, c.org,
  c.brand, c.product, c.model, c.firmware, c.serial, c.mac, c.uuid,
  COALESCE(c.rule_maker, b.maker, o6.maker, o9.maker, o7.maker) AS maker,
  CASE
    WHEN c.rule_maker IS NOT NULL THEN c.rule_confidence
    WHEN b.maker IS NOT NULL THEN c.rule_confidence * b.factor
    WHEN COALESCE(o6.maker, o9.maker, o7.maker) IS NOT NULL THEN c.rule_confidence * CAST({oui_factor} AS DOUBLE)
    ELSE c.rule_confidence
  END AS confidence,
  CASE
    WHEN c.rule_maker IS NOT NULL THEN c.rules_fired
    WHEN b.maker IS NOT NULL THEN concat_ws(',', nullif(c.rules_fired, ''), concat('brand:', b.grade))
    WHEN COALESCE(o6.maker, o9.maker, o7.maker) IS NOT NULL THEN concat_ws(',', nullif(c.rules_fired, ''), concat('oui:', substr(c.mac, 1, 6)))
    ELSE c.rules_fired
  END AS rules
FROM {classified} c
LEFT JOIN brand_map b ON lower(c.brand) = b.brand_key
LEFT JOIN oui_map o6 ON substr(c.mac, 1, 6) = o6.prefix
LEFT JOIN oui_map o9 ON substr(c.mac, 1, 9) = o9.prefix
LEFT JOIN oui_map o7 ON substr(c.mac, 1, 7) = o7.prefix
