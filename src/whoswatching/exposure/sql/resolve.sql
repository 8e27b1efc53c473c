-- resolve.sql: turn rule yields into the maker, through the catalogue's answers.
-- Inputs: <classified> (classify.sql output); <brand>: the lowered brand looked up in a constant
-- map of every brand whose evidence grade counts (weak brands are absent) to (maker, grade,
-- factor); <oui6>, <oui9>, <oui7>: the MAC's first 6, 9 and 7 hex digits looked up in a constant map
-- of every MAC block registered to a maker (6 hex digits for an MA-L, 7 for an MA-M, 9 for an
-- MA-S). queries.resolve_query writes the lookups for each engine.
-- Order as in fingerprint.py: rule maker, else brand maker, else OUI maker; among OUI blocks the
-- MA-L first, then the most specific block (as catalog.oui_maker).
WITH looked AS (
  SELECT c.*,
    CASE WHEN c.brand IS NOT NULL AND c.rule_maker IS NULL THEN {brand} END AS b,
    CASE WHEN c.mac IS NOT NULL AND c.rule_maker IS NULL THEN COALESCE({oui6}, {oui9}, {oui7}) END AS oui_maker
  FROM {classified} c
)
SELECT input, record, format, ip, port, transport, timestamp, country, city, asn, org,
  brand, product, model, firmware, serial, mac, uuid,
  COALESCE(rule_maker, b.maker, oui_maker) AS maker,
  CASE
    WHEN rule_maker IS NOT NULL THEN rule_confidence
    WHEN b.maker IS NOT NULL THEN rule_confidence * b.factor
    WHEN oui_maker IS NOT NULL THEN rule_confidence * CAST({oui_factor} AS DOUBLE)
    ELSE rule_confidence
  END AS confidence,
  CASE
    WHEN rule_maker IS NOT NULL THEN rules_fired
    WHEN b.maker IS NOT NULL THEN concat_ws(',', nullif(rules_fired, ''), concat('brand:', b.grade))
    WHEN oui_maker IS NOT NULL THEN concat_ws(',', nullif(rules_fired, ''), concat('oui:', substr(mac, 1, 6)))
    ELSE rules_fired
  END AS rules
FROM looked
