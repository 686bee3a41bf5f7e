// Range indexes behind the list filters and orders.
CREATE INDEX event_date IF NOT EXISTS FOR (n:Event) ON (n.date);
CREATE INDEX event_type IF NOT EXISTS FOR (n:Event) ON (n.type);
CREATE INDEX article_lang IF NOT EXISTS FOR (n:Article) ON (n.lang);
CREATE INDEX article_published IF NOT EXISTS FOR (n:Article) ON (n.published);
CREATE INDEX article_source IF NOT EXISTS FOR (n:Article) ON (n.source);
CREATE INDEX person_country IF NOT EXISTS FOR (n:Person) ON (n.country);
CREATE INDEX place_country IF NOT EXISTS FOR (n:Place) ON (n.country);
